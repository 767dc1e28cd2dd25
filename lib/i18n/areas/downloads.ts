import { defineMessages } from "../define";

// The bucket browser's bulk downloads (issue 20): a selection or a folder as one .zip, and signed-URL lists.
export const downloads = defineMessages(
  {
    downloads: {
      zip: "下载 ZIP",
      folderZip: "将此文件夹下载为 ZIP",
      urlsCsv: "导出链接（CSV）",
      urlsAria2: "导出链接（aria2）",
      tooManyKeys: "一次最多打包 {max, number} 个文件；更多文件请下载整个文件夹或导出链接列表。",
      confirmTitle: "下载较大的 ZIP？",
      confirmBody: "将打包 {count, number} 个文件，共 {size}。文件经由控制台从七牛逐个读取；数量很大时，导出链接列表交给下载工具会更快。",
      confirmUnknown: "此文件夹还未统计大小与数量，可能很大。要继续吗？",
      confirm: "继续下载",
      cancel: "取消",
      progress: "正在下载 ZIP：已接收 {size}",
      failed: "下载失败：{message}",
    },
  },
  {
    downloads: {
      zip: "Download ZIP",
      folderZip: "Download this folder as ZIP",
      urlsCsv: "Export links (CSV)",
      urlsAria2: "Export links (aria2)",
      tooManyKeys: "At most {max, number} files per ZIP; for more, download the whole folder or export a link list.",
      confirmTitle: "Download a large ZIP?",
      confirmBody:
        "{count, plural, one {# file} other {# files}}, {size} in total, will be packed. The console reads them from Qiniu one by one; for very large sets a link list for a download manager is faster.",
      confirmUnknown: "This folder's size and object count have not been measured yet; it may be large. Continue?",
      confirm: "Download",
      cancel: "Cancel",
      progress: "Downloading ZIP: {size} received",
      failed: "Download failed: {message}",
    },
  },
);
