"use client";

import { useT } from "@/components/i18n-provider";
import { PFOP_PRESET_IDS, PFOP_PRESETS, mediaKindOfKey, presetOutputKey, type PfopPresetId } from "@/lib/processing/presets";

/** Preset checkboxes; the ones suiting the source's type come first, each shows where its result goes. */
export function PresetPicker({ sourceKey, selected, onChange }: { sourceKey: string; selected: PfopPresetId[]; onChange(ids: PfopPresetId[]): void }) {
  const t = useT();
  const kind = mediaKindOfKey(sourceKey);
  const ordered = [...PFOP_PRESET_IDS].sort(
    (a, b) => Number(!kind || !PFOP_PRESETS[b].kinds.includes(kind)) - Number(!kind || !PFOP_PRESETS[a].kinds.includes(kind)),
  );
  const toggle = (id: PfopPresetId) => onChange(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  return (
    <fieldset>
      <legend className="text-sm font-medium">{t("processing.form.presets")}</legend>
      <p className="text-xs text-slate-500">{t("processing.form.presetsHint")}</p>
      <div className="mt-2 grid grid-cols-1 gap-1.5 sm:grid-cols-2">
        {ordered.map((id) => {
          const suits = !kind || PFOP_PRESETS[id].kinds.includes(kind);
          return (
            <label
              key={id}
              className={`flex items-start gap-2 rounded-md border border-slate-200 px-2 py-1.5 text-sm dark:border-slate-800 ${suits ? "" : "opacity-60"}`}
            >
              <input type="checkbox" className="mt-0.5" checked={selected.includes(id)} onChange={() => toggle(id)} data-testid={`preset-${id}`} />
              <span className="min-w-0">
                <span className="block">{t(`processing.presets.${id}`)}</span>
                <span className="block truncate font-mono text-xs text-slate-500" title={PFOP_PRESETS[id].fop}>
                  {sourceKey ? presetOutputKey(id, sourceKey) : PFOP_PRESETS[id].fop}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
