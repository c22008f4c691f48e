// One copy of identifier normalization for every package lives in @keras-ts/common; core's modules
// keep importing it from here, and core's index re-exports it for users.
export { lookupIdentifier, normalizeIdentifier, toCamelCase, toSnakeCase } from '@keras-ts/common';
