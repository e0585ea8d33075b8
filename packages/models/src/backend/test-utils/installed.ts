/** Whether an npm package resolves from here (the optional tfjs-node packages usually do not). */
export function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
