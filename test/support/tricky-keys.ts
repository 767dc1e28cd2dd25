// Keys that break naive code: every browser test runs them through (issue 6: keys are opaque).
export const TRICKY_KEYS = [
  "a//b.txt",
  "//leading.txt",
  "dir with spaces/file name.txt",
  "hash#tag.txt",
  "question?mark=1&x=2.txt",
  "percent%41%2F%zz.txt",
  "emoji/😀🎉.png",
  "中文/目录/文件 1.txt",
  "plus+and=equals.txt",
  "trailing-space ",
  "é".repeat(375), // 750 bytes in UTF-8
] as const;

/**
 * Keys Qiniu stores that no console form lets you type or upload (uploads refuse control characters), made through the
 * SDK: NUL, other controls, and the character the console's job tables use as their escape (server/batch/key-text.ts)
 * next to a NUL's escape sequence, which must not read back as NUL. The batch tests run them through listing, jobs
 * and deletes.
 */
export const CONTROL_CHAR_KEYS = [
  "nul/a\u0000b.txt",
  "nul/\u0000",
  "nul/x\uffff0y",
  "nul/\uffff",
  "nul/tab\tand\u001b[31mesc",
  "nul/bidi\u202etxt.exe",
] as const;
