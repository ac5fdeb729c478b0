/** Where the CLI writes: process.stdout / stderr, or a buffer in tests. A TTY gets the live bar. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}
