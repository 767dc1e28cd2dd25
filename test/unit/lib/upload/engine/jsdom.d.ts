// jsdom ships without typings and @types/jsdom is not installed: the little of it the upload tests use.
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string, options?: { url?: string });
    readonly window: Window & typeof globalThis;
  }
}
