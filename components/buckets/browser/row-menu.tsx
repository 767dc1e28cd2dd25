"use client";

import { useT } from "@/components/i18n-provider";
import type { ObjectRow } from "@/lib/buckets/listing";
import { MenuButton, type MenuItem } from "../../ui/menu-button";
import { operationKinds } from "./object-operations";
import { makeObjectLink, startDownload, useCopyLink, type LinkSettings } from "./use-object-link";
import type { OperationKind } from "./use-object-operation";
import type { RowActions } from "./row-actions";

type ItemId = "open" | "download" | "copyLink" | OperationKind;

const SHORTCUTS: Partial<Record<ItemId, string>> = { open: "Enter", rename: "F2", delete: "Del" };

/** The "⋯" menu of one object row. */
export function RowMenu({ row, bucket, link, actions, active }: { row: ObjectRow; bucket: string; link: LinkSettings; actions: RowActions; active: boolean }) {
  const t = useT();
  // Qiniu serves a disabled object only to signed URLs, so its links are signed even in a public bucket.
  const signed = row.status === 1;
  const copy = useCopyLink(bucket, link, signed);
  const canLink = Boolean(link.origin) || link.private;

  const ids: ItemId[] = ["open", ...(canLink ? (["download", "copyLink"] as const) : []), ...operationKinds(actions.context, row)];

  function run(id: ItemId) {
    if (id === "open") actions.onOpen(row);
    else if (id === "copyLink") copy.mutate(row.key);
    else if (id === "download") void makeObjectLink(bucket, row.key, link, true, signed).then(startDownload, (err: Error) => actions.onError(err));
    else actions.onOperate(row, id);
  }

  const label = (id: ItemId) => {
    if (id === "open") return t("browser.menu.open");
    if (id === "download") return t("browser.details.download");
    if (id === "copyLink") return link.private || link.antiLeech || signed ? t("browser.menu.copySignedLink") : t("browser.row.copyLink");
    if (id === "chstatus") return t(row.status === 1 ? "browser.ops.enable" : "browser.ops.disable");
    return t(`browser.ops.${id}`);
  };
  const items: MenuItem[] = ids.map((id) => ({
    id,
    label: label(id),
    shortcut: SHORTCUTS[id],
    danger: id === "delete" || (id === "chstatus" && row.status !== 1),
    run: () => run(id),
  }));
  const name = row.key.slice(row.key.lastIndexOf("/") + 1) || row.key;
  return (
    <MenuButton label={t("browser.menu.label", { name })} items={items} active={active} title={copy.isSuccess ? t("browser.row.copied") : copy.isError ? copy.error.message : undefined}>
      <span aria-hidden>{copy.isSuccess ? "✓" : copy.isError ? "!" : "⋯"}</span>
    </MenuButton>
  );
}
