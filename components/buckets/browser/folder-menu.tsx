"use client";

import { useT } from "@/components/i18n-provider";
import { folderJobKinds, folderName } from "@/lib/buckets/folder-names";
import { MenuButton, type MenuItem } from "../../ui/menu-button";
import type { RowActions } from "./row-actions";

/** The "⋯" menu of a folder (row or card): download it as a ZIP; rename, move, copy or delete everything under it (batch jobs). */
export function FolderMenu({ prefix, actions, active }: { prefix: string; actions: RowActions; active: boolean }) {
  const t = useT();
  const items: MenuItem[] = [
    { id: "folder-zip", label: t("browser.folders.zip"), run: () => actions.onFolderZip(prefix) },
    ...folderJobKinds(actions.context.can).map((kind) => ({
      id: `folder-${kind}`,
      label: t(`browser.folders.ops.${kind}`),
      danger: kind === "delete",
      run: () => actions.onFolder(prefix, kind),
    })),
  ];
  return (
    <MenuButton label={t("browser.folders.menu", { name: folderName(prefix) })} items={items} active={active} testId="folder-menu-button">
      <span aria-hidden>⋯</span>
    </MenuButton>
  );
}
