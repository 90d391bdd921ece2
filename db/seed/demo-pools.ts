/**
 * Everything the per-row generator picks from, built once per run. Faker supplies the names and companies
 * (so they fit the locale); the pools are big enough that a demo never looks repetitive, and picking from
 * them costs one random number instead of a full faker call.
 */
import type { Faker } from '@faker-js/faker';
import { catalogFor, textsFor, type CatalogProduct, type LocaleTexts } from './demo-catalog';
import type { DemoLocale } from './demo-random';
import { BUSINESS_TYPE_CODES, type BusinessTypeCode } from './reference-data';

const FAMILY_NAMES = 400;
const GIVEN_NAMES = 1500;
const COMPANIES = 3000;

export interface DemoPools {
  locale: DemoLocale;
  familyNames: string[];
  givenNames: string[];
  companies: string[];
  products: CatalogProduct[];
  /** Indexes into `products`, split so contracts and shipped orders pick from the right kind. */
  contractProducts: number[];
  shippedProducts: number[];
  /** Call notes with product names already filled in, per business type. */
  callNotes: Record<BusinessTypeCode, string[]>;
  texts: LocaleTexts;
}

export function buildPools(faker: Faker, locale: DemoLocale): DemoPools {
  const products = catalogFor(locale);
  const texts = textsFor(locale);
  return {
    locale,
    familyNames: distinct(FAMILY_NAMES, () => faker.person.lastName()),
    givenNames: distinct(GIVEN_NAMES, () => faker.person.firstName()),
    companies: distinct(COMPANIES, () => faker.company.name()),
    products,
    contractProducts: indexesWhere(products, (p) => p.contract),
    shippedProducts: indexesWhere(products, (p) => !p.contract),
    callNotes: expandNotes(texts, products),
    texts,
  };
}

/** Chinese names are written family name first with no space; English ones given name first. */
export function fullName(pools: DemoPools, family: string, given: string): string {
  return pools.locale === 'zh-CN' ? `${family}${given}` : `${given} ${family}`;
}

/**
 * Up to `size` distinct values. Faker's lists are finite (a few hundred family names), so it gives up
 * after a bounded number of draws instead of looping forever.
 */
function distinct(size: number, draw: () => string): string[] {
  const values = new Set<string>();
  for (let i = 0; i < size * 4 && values.size < size; i++) values.add(draw());
  return [...values];
}

function indexesWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number[] {
  return items.flatMap((item, index) => (predicate(item) ? [index] : []));
}

function expandNotes(
  texts: LocaleTexts,
  products: readonly CatalogProduct[],
): Record<BusinessTypeCode, string[]> {
  // Support and complaint calls are about devices that break or arrive late; billing calls about the
  // monthly plans that produce invoices; sales calls about anything.
  const subjects: Record<BusinessTypeCode, readonly CatalogProduct[]> = {
    sales: products,
    support: products.filter((p) => !p.contract),
    complaints: products.filter((p) => !p.contract),
    billing: products.filter((p) => p.contract),
  };
  const expand = (code: BusinessTypeCode): string[] =>
    texts.callNotes[code].flatMap((template) =>
      subjects[code].map((p) => template.replace('{product}', p.name)),
    );
  return Object.fromEntries(BUSINESS_TYPE_CODES.map((code) => [code, expand(code)])) as Record<
    BusinessTypeCode,
    string[]
  >;
}
