/** A language tag named in the console's language ("zh" → "Chinese" / "中文"); the tag itself if unknown. */
export function languageName(tag: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
