/**
 * Translation keys, typed from the Finnish files (the complete ones): a key that is not in
 * src/locales/fi/<namespace>.json fails `npm run typecheck`. Types only — the JSON is
 * not bundled by these imports.
 */
import type common from '../../locales/fi/common.json';
import type feedback from '../../locales/fi/feedback.json';
import type feedbackStaff from '../../locales/fi/feedback-staff.json';
import type permitExplorer from '../../locales/fi/permit-explorer.json';
import type projectTimeline from '../../locales/fi/project-timeline.json';
import type venueMap from '../../locales/fi/venue-map.json';

type Suffix = 'plain' | 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
/** A key without i18next's context and plural suffixes (`_plain`, `_one`, `_plain_other` …). */
type Base<K extends string> = K extends `${infer B}_plain_${Suffix}` ? B : K extends `${infer B}_${Suffix}` ? B : K;
/** The keys of one namespace file, as the code asks for them. */
export type KeysOf<T> = Base<Exclude<keyof T & string, '$meta'>>;

export type CommonKey = `common:${KeysOf<typeof common>}`;
export type FeedbackKey = KeysOf<typeof feedback> | KeysOf<typeof feedbackStaff> | CommonKey;
export type PermitExplorerKey = KeysOf<typeof permitExplorer> | CommonKey;
export type ProjectTimelineKey = KeysOf<typeof projectTimeline> | CommonKey;
export type VenueMapKey = KeysOf<typeof venueMap> | CommonKey;
