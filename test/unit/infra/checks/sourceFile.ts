/** A file the infra checks read, with its path relative to the repository root (for messages). */
export interface SourceFile {
  path: string;
  text: string;
}
