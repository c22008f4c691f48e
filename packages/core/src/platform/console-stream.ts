import type { ProgressStream } from './platform.js';

/**
 * A {@link ProgressStream} that prints whole lines with `print` (default `console.log`): text is
 * buffered up to each `\n`, and in-place redraws (`\r`) replace the pending line instead of
 * printing it, so a page's console shows one line per epoch.
 */
export function lineStream(print: (line: string) => void = (line) => console.log(line)): ProgressStream {
  let pending = '';
  return {
    isTTY: false,
    write(text: string): void {
      pending += text;
      const carriage = pending.lastIndexOf('\r');
      if (carriage >= 0) pending = pending.slice(carriage + 1);
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes.
        print(pending.slice(0, newline).replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
  };
}
