import { CAMPAIGN_SLUG, type CampaignLookup } from '../../shared/store/campaign-store.ts';
import type { Draft, DraftStore } from '../../shared/store/draft-store.ts';
import { redirect, type WebRequest } from '../../shared/web/http.ts';
import { defineRoute, type Route } from '../../shared/web/web-app.ts';
import { CAMPAIGN_ANSWER } from './build-notification.ts';

/*
 * Public pages that raise awareness (issue 15): information for parents, carers and children and
 * young people (National Minimum Standards 5 and 6), and the short campaign links printed on
 * posters. The wording lives in the templates (views/information-*.njk), so a council changes it
 * without code; contact details come from configuration (council-contact.njk).
 *
 * Campaign attribution, and why it is done this way: the short link /c/<slug> leads to the start
 * page with `?campaign=<slug>`, whose "Start now" button carries it to /start; /start keeps it in
 * the draft the visitor gets anyway (as one more entry beside the answers). The notification takes
 * it from the draft. No cookie is set before the visitor chooses to start, no cookie carries it,
 * no page of the form has to pass a hidden field along, and "save and come back later" keeps it
 * with the answers. A slug that names no campaign leads to the same start page and records nothing.
 */

export const CAMPAIGN_PATH = '/c/{slug}';

export const INFORMATION_PAGES = [
  {
    path: '/information/parents',
    template: 'information-parents.njk',
    title: 'Private fostering: information for parents',
  },
  {
    path: '/information/carers',
    template: 'information-carers.njk',
    title: 'Private fostering: information for carers',
  },
  {
    path: '/information/young-people',
    template: 'information-young-people.njk',
    title: 'Living with someone who is not your family: information for children and young people',
  },
] as const;

/** The campaign a start page link carries, if the query names one in the right shape. */
export function campaignInQuery(req: WebRequest): string | undefined {
  const slug = req.query.campaign;
  return slug !== undefined && CAMPAIGN_SLUG.test(slug) ? slug : undefined;
}

/** Where the start page's "Start now" goes: /start, with the campaign when there is one. */
export function startPathFor(req: WebRequest, startPath: string): string {
  const slug = campaignInQuery(req);
  return slug ? `${startPath}?${new URLSearchParams({ campaign: slug }).toString()}` : startPath;
}

/**
 * Keeps the campaign a visitor started from in their draft: only a campaign that exists, and only
 * the first one (the link that brought them; a second poster does not rewrite history).
 */
export async function rememberCampaign(
  req: WebRequest,
  draft: Draft,
  deps: { drafts: DraftStore; campaigns: CampaignLookup; now: () => Date },
): Promise<void> {
  const slug = campaignInQuery(req);
  if (!slug || draft.answers[CAMPAIGN_ANSWER] !== undefined) return;
  if (!(await deps.campaigns.exists(slug))) return;
  await deps.drafts.saveAnswers(draft.id, CAMPAIGN_ANSWER, slug, deps.now());
}

/** The information pages and the campaign short link. */
export function informationRoutes(): Route[] {
  return [
    ...INFORMATION_PAGES.map((p) =>
      defineRoute({
        method: 'GET',
        path: p.path,
        name: p.template.replace('.njk', ''),
        handle: ({ render }) => render(p.template, { pageTitle: p.title, backLink: '/' }),
      }),
    ),
    defineRoute({
      method: 'GET',
      path: CAMPAIGN_PATH,
      name: 'campaign-link',
      // No read here: /start checks the campaign exists before anything is recorded, so a
      // mistyped or withdrawn link still reaches the form.
      handle: ({ params }) =>
        redirect(
          CAMPAIGN_SLUG.test(params.slug) ? `/?${new URLSearchParams({ campaign: params.slug })}` : '/',
        ),
    }),
  ];
}
