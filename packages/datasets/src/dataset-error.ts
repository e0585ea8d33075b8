/**
 * The error every loader throws for bad input: a missing or unreadable file, a wrong magic number, a
 * truncated file, counts that disagree, an image of the wrong size or channel count, a mask without its
 * image. `message` names the file and the problem; `file` and `problem` hold them separately.
 */
export class DatasetError extends Error {
  /** The file or folder at fault. */
  readonly file: string;
  /** What is wrong with it, without the file name. */
  readonly problem: string;

  /**
   * @param file - the file or folder at fault
   * @param problem - what is wrong with it, in words
   * @param options - `cause`: the underlying error, if any
   */
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = 'DatasetError';
    this.file = file;
    this.problem = problem;
  }
}
