export {
  type AddonAttempt,
  type AddonCandidate,
  type AddonLoad,
  describeAttempts,
  type HostPlatform,
  hostPlatform,
  type LoadAddonOptions,
  loadFirstAddon,
} from './load-addon.js';
