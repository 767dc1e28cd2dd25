"use client";

import { useT } from "@/components/i18n-provider";
import type { ObjectRow } from "@/lib/buckets/listing";
import { linkVariants, type LinkVariant } from "@/lib/buckets/link-variants";
import { LINK_EXPIRIES, type LinkExpiry } from "@/lib/buckets/object-url";
import { restoreState } from "@/lib/buckets/storage-class";
import { MenuButton, type MenuItem } from "../../ui/menu-button";
import { operationKinds } from "./object-operations";
import { makeObjectLink, startDownload, useCopyLink, type LinkSettings } from "./use-object-link";
import type { OperationKind } from "./use-object-operation";
import type { RowActions } from "./row-actions";

type ItemId = "open" | "download" | "copyLink" | "copySigned" | `copyCdn:${string}` | OperationKind;

const SHORTCUTS: Partial<Record<ItemId, string>> = { open: "Enter", rename: "F2", delete: "Del" };

function copyId(v: LinkVariant): ItemId {
  return v.kind === "public" ? "copyLink" : v.kind === "signed" ? "copySigned" : `copyCdn:${v.origin}`;
}

/** The "⋯" menu of one object row. */
export function RowMenu({ row, bucket, link, actions, active }: { row: ObjectRow; bucket: string; link: LinkSettings; actions: RowActions; active: boolean }) {
  const t = useT();
  // Qiniu serves a disabled object only to signed URLs, so its links are signed even in a public bucket.
  const signed = row.status === 1;
  const copy = useCopyLink(bucket, link, signed);
  const variants = linkVariants(link, signed);
  const canLink = Boolean(link.origin) || link.private;

  const ids: ItemId[] = ["open", ...(canLink ? (["download"] as const) : []), ...variants.map(copyId), ...operationKinds(actions.context, row)];

  function run(id: ItemId) {
    if (id === "open") actions.onOpen(row);
    else if (id === "copyLink") copy.mutate(row.key);
    else if (id === "copySigned") copy.mutate({ key: row.key, signed: true });
    else if (id.startsWith("copyCdn:")) copy.mutate({ key: row.key, origin: id.slice("copyCdn:".length) });
    else if (id === "download") void makeObjectLink(bucket, row.key, link, true, signed).then(startDownload, (err: Error) => actions.onError(err));
    else actions.onOperate(row, id as OperationKind);
  }

  const expiry = (LINK_EXPIRIES as readonly number[]).includes(link.expiresIn)
    ? t(`browser.expiry.${link.expiresIn as LinkExpiry}` as const)
    : `${link.expiresIn} s`;
  const label = (id: ItemId) => {
    if (id === "open") return t("browser.menu.open");
    if (id === "download") return t("browser.details.download");
    if (id === "copyLink") return link.private || link.antiLeech || signed ? t("browser.menu.copySignedLink") : t("browser.row.copyLink");
    if (id === "copySigned") return t("browser.menu.copySignedFor", { expiry });
    if (id.startsWith("copyCdn:")) return t("browser.menu.copyCdnLink", { host: new URL(id.slice("copyCdn:".length)).host });
    if (id === "chstatus") return t(row.status === 1 ? "browser.ops.enable" : "browser.ops.disable");
    if (id === "restore") return t("browser.menu.restoreIn", { state: t(`browser.menu.${restoreState(row.type, row.restoreStatus) ?? "frozen"}`) });
    return t(`browser.ops.${id as OperationKind}`);
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
    <MenuButton
      label={t("browser.menu.label", { name })}
      items={items}
      active={active}
      title={copy.isSuccess ? t("browser.row.copied") : copy.isError ? copy.error.message : undefined}
    >
      <span aria-hidden>{copy.isSuccess ? "✓" : copy.isError ? "!" : "⋯"}</span>
    </MenuButton>
  );
}
