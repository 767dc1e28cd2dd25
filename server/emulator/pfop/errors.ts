/** A fop failed for a reason the user should see in prefop's item `error` (e.g. "not a valid image"). */
export class FopError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FopError";
  }
}
