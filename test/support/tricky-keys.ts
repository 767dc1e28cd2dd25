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
