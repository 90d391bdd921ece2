/** A name kept in the database in both languages: the Chinese one in a Chinese console, when there is one. */
export function localized(language: string, en: string, zh: string | null | undefined): string {
  return language.startsWith('zh') && zh ? zh : en;
}
