/**
 * Which Luukku organisation's officials handle an authority's applications, per the
 * organisation whose permit explorer made the project. Demo data for the demo organisations
 * (src/data/demo/organisations.json), the same pairing as the seeded case history
 * (src/server/permits/seed.ts): the city's own services, and the regional rescue department.
 * An authority not listed here (the police, AVI, Traficom …) is not in Luukku: its
 * applications have no handling organisation and the organiser records its steps.
 */
const CITY_AUTHORITIES = ['city', 'city-building-control', 'city-events', 'municipal-environment', 'municipal-food-control'];

export const HANDLERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'demo-kaupunki': { ...Object.fromEntries(CITY_AUTHORITIES.map((a) => [a, 'demo-kaupunki'])), rescue: 'demo-pelastuslaitos' },
  'demo-stad': { ...Object.fromEntries(CITY_AUTHORITIES.map((a) => [a, 'demo-stad'])), rescue: 'demo-raddningsverk' },
  'demo-pelastuslaitos': { rescue: 'demo-pelastuslaitos' },
  'demo-raddningsverk': { rescue: 'demo-raddningsverk' },
};

export function handlerFor(projectOrganisation: string | null, authorityId: string, known: (id: string) => boolean): string | null {
  if (!projectOrganisation) return null;
  const id = HANDLERS[projectOrganisation]?.[authorityId];
  return id && known(id) ? id : null;
}
