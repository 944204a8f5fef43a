import QRCode from 'qrcode';
import {
  type AwarenessFigures,
  awarenessCount,
  awarenessCounts,
  awarenessFigures,
  monthLabel,
} from '../../../shared/domain/awareness.ts';
import type { Period } from '../../../shared/domain/compliance.ts';
import { formatLongDate, londonDateOf } from '../../../shared/domain/local-date.ts';
import { CAMPAIGN_SLUG, type CampaignStore } from '../../../shared/store/campaign-store.ts';
import { addError, type FormErrors, noErrors } from '../../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebResponse } from '../../../shared/web/http.ts';
import { csvUploadOf } from '../../../shared/web/multipart-body.ts';
import type { Route } from '../../../shared/web/web-app.ts';
import { caseRow } from '../case-list.ts';
import { csvResponse, toCsv } from '../compliance/csv.ts';
import { periodFromQuery, periodQuery } from '../period.ts';
import type { StaffAppDependencies } from '../staff-app.ts';
import type { StaffRoutes } from '../staff-routes.ts';
import { notificationsChart } from './chart.ts';
import {
  MAX_ORGANISATION_LIST_BYTES,
  type OrganisationListResult,
  parseOrganisationList,
} from './organisation-list.ts';

/**
 * The designated manager's awareness pages (issue 15; NMS 2 and 7): the dashboard, the cases
 * behind each number, its CSV, campaign links with their QR posters, and the council's list of
 * schools and practices. Every figure comes from shared/domain/awareness.ts; managers only.
 */

export interface AwarenessDependencies {
  cases: StaffAppDependencies['cases'];
  campaigns: CampaignStore;
  /** The public form's address: campaign links and their QR codes point here. */
  publicBaseUrl: string;
  now: () => Date;
}

const BASE = '/staff/awareness';
const MANAGERS = { managerOnly: true };

/** A slug from a campaign's name: "Primary schools autumn 2027" → "primary-schools-autumn-2027". */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

export function awarenessRoutes(staff: StaffRoutes, deps: AwarenessDependencies): Route[] {
  const shortUrl = (slug: string) => `${deps.publicBaseUrl}/c/${slug}`;

  const figuresFor = async (period: Period) => {
    const [cases, campaigns, list] = await Promise.all([
      deps.cases.list(),
      deps.campaigns.list(),
      deps.campaigns.organisations(),
    ]);
    return {
      cases,
      figures: awarenessFigures(cases, period, { campaigns, organisations: list?.organisations ?? [] }),
    };
  };

  /** A number as a link to its cases ("3", read out as "3 cases: School, April 2026"). */
  const linkFor = (query: string) => (c: { id: string; count: number }) => ({
    count: c.count,
    href: c.count > 0 ? `${BASE}/cases?figure=${encodeURIComponent(c.id)}&${query}` : undefined,
    cases: c.count === 1 ? 'case' : 'cases',
  });

  const dashboardView = (f: AwarenessFigures, query: string) => {
    const link = linkFor(query);
    const monthly = (rows: AwarenessFigures['bySource']) =>
      rows.map((r) => ({ label: r.label, total: link(r.total), months: r.byMonth.map(link) }));
    const confirmation = (rows: AwarenessFigures['confirmationBySource']) =>
      rows.map((r) => ({
        label: r.label,
        notifications: link(r.notifications),
        confirmed: link(r.confirmed),
        notConfirmed: link(r.notConfirmed),
        awaiting: link(r.awaiting),
        percent: r.share.percent === null ? 'None decided' : `${r.share.percent}%`,
      }));
    return {
      months: f.months.map((m) => monthLabel(m)),
      received: link(f.received),
      receivedByMonth: f.receivedByMonth.map(link),
      bySource: monthly(f.bySource),
      byCampaign: monthly(f.byCampaign),
      chart: notificationsChart(f),
      timing: {
        running: link(f.timing.running),
        runningLate: link(f.timing.runningLate),
        runningMedianDays: f.timing.runningMedianDays,
        proposed: link(f.timing.proposed),
        proposedOnTime: link(f.timing.proposedOnTime),
        proposedShort: link(f.timing.proposedShort),
        proposedMedianDaysAhead: f.timing.proposedMedianDaysAhead,
        unknownStart: link(f.timing.unknownStart),
        late: link(f.timing.late.part),
        withStart: f.timing.late.whole.count,
        latePercent: f.timing.late.percent,
      },
      confirmationBySource: confirmation(f.confirmationBySource),
      confirmationByCampaign: confirmation(f.confirmationByCampaign),
      confirmedOverall: {
        confirmed: link(f.confirmedOverall.part),
        decided: f.confirmedOverall.whole.count,
        percent: f.confirmedOverall.percent,
      },
      organisations: f.organisations.map((o) => ({ name: o.name, known: o.known, count: link(o.count) })),
      notSeen: f.notSeen,
      hasOrganisationList: f.hasOrganisationList,
    };
  };

  const campaignsPage = async (
    render: (t: string, c: Record<string, unknown>, s?: number) => WebResponse,
    who: Parameters<StaffRoutes['pageContext']>[0],
    form: { values: Record<string, string>; errors: FormErrors },
    status = 200,
  ) => {
    const campaigns = await deps.campaigns.list();
    return render(
      'awareness-campaigns.njk',
      staff.pageContext(who, 'awareness', {
        pageTitle: 'Campaign links',
        backLink: BASE,
        campaigns: campaigns.map((c) => ({
          ...c,
          url: shortUrl(c.slug),
          href: `${BASE}/campaigns/${c.slug}`,
        })),
        form,
      }),
      status,
    );
  };

  /** The organisations page: the list held now, with its import form as posted (or empty). */
  const organisationsPage = async (
    render: (t: string, c: Record<string, unknown>, s?: number) => WebResponse,
    who: Parameters<StaffRoutes['pageContext']>[0],
    form: { values: Record<string, string>; errors: FormErrors },
    extra: { imported?: number } = {},
    status = 200,
  ) => {
    const list = await deps.campaigns.organisations();
    return render(
      'awareness-organisations.njk',
      staff.pageContext(who, 'awareness', {
        pageTitle: 'Your schools and practices',
        backLink: BASE,
        list,
        importedOn: list ? formatLongDate(londonDateOf(new Date(list.importedAt))) : undefined,
        ...extra,
        form,
      }),
      status,
    );
  };

  const qrSvg = (slug: string) =>
    QRCode.toString(shortUrl(slug), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

  const campaignOr404 = async (slug: string) => {
    const campaign = CAMPAIGN_SLUG.test(slug) ? await deps.campaigns.get(slug) : undefined;
    if (!campaign) throw new HttpError(404, 'Page not found');
    return campaign;
  };

  return [
    staff.guarded('GET', BASE, 'awareness', MANAGERS, async (ctx, who) => {
      const { period, errors, values } = periodFromQuery(ctx.req.query, staff.today());
      const { figures } = await figuresFor(period);
      const query = periodQuery(period);
      return ctx.render(
        'awareness.njk',
        staff.pageContext(who, 'awareness', {
          pageTitle: 'Awareness',
          period: { from: formatLongDate(period.from), to: formatLongDate(period.to) },
          form: { values, errors },
          csv: `${BASE}/figures.csv?${query}`,
          ...dashboardView(figures, query),
        }),
      );
    }),
    staff.guarded('GET', `${BASE}/cases`, 'awareness-cases', MANAGERS, async (ctx, who) => {
      const { period } = periodFromQuery(ctx.req.query, staff.today());
      const { figures, cases } = await figuresFor(period);
      const count = awarenessCount(figures, ctx.req.query.figure ?? '');
      if (!count) throw new HttpError(404, 'Page not found');
      const byRef = new Map(cases.map((c) => [c.reference, c]));
      const day = staff.today();
      return ctx.render(
        'compliance-cases.njk',
        staff.pageContext(who, 'awareness', {
          pageTitle: `${count.section}: ${count.label}`,
          backLink: `${BASE}?${periodQuery(period)}`,
          period: { from: formatLongDate(period.from), to: formatLongDate(period.to) },
          row: {
            section: count.section,
            label: count.label,
            countText: `${count.count} ${count.count === 1 ? 'case' : 'cases'}`,
            definition:
              'Notifications received in the period. The README’s “Awareness figures” table defines each figure.',
          },
          rows: count.references.flatMap((ref) => {
            const c = byRef.get(ref);
            return c ? [caseRow(c, day)] : [];
          }),
        }),
      );
    }),
    staff.guarded('GET', `${BASE}/figures.csv`, 'awareness-csv', MANAGERS, async (ctx) => {
      const { period } = periodFromQuery(ctx.req.query, staff.today());
      const { figures } = await figuresFor(period);
      return csvResponse(
        awarenessCsv(figures),
        `private-fostering-awareness-${period.from}-to-${period.to}.csv`,
      );
    }),
    staff.guarded('GET', `${BASE}/campaigns`, 'awareness-campaigns', MANAGERS, (ctx, who) =>
      campaignsPage(ctx.render, who, { values: {}, errors: noErrors() }),
    ),
    staff.guarded(
      'POST',
      `${BASE}/campaigns`,
      'awareness-campaigns:post',
      MANAGERS,
      async (ctx, who, form) => {
        const values = form?.values ?? {};
        const name = (values.name ?? '').trim();
        const slug = (values.slug ?? '').trim().toLowerCase() || slugFromName(name);
        const errors = noErrors();
        if (!name) addError(errors, 'name', 'Enter a name for the campaign');
        else if (name.length > 120) addError(errors, 'name', 'Name must be 120 characters or fewer');
        if (name && !CAMPAIGN_SLUG.test(slug)) {
          addError(
            errors,
            'slug',
            'Link name must use only lowercase letters, numbers and hyphens, up to 64',
          );
        }
        if (errors.list.length === 0) {
          const created = await deps.campaigns.create({
            slug,
            name,
            createdAt: deps.now().toISOString(),
            createdBy: who.actor.name,
          });
          if (created) return redirect(`${BASE}/campaigns/${slug}`);
          addError(errors, 'slug', 'A campaign already uses that link name: choose another');
        }
        return campaignsPage(ctx.render, who, { values, errors }, 422);
      },
    ),
    staff.guarded('GET', `${BASE}/campaigns/{slug}`, 'awareness-campaign', MANAGERS, async (ctx, who) => {
      const campaign = await campaignOr404(ctx.params.slug);
      const url = shortUrl(campaign.slug);
      // The library's SVG, labelled for screen readers (the link is printed beside it too).
      const svg = (await qrSvg(campaign.slug)).replace(
        '<svg ',
        `<svg role="img" aria-label="QR code for ${escapeAttribute(url)}" class="app-qr-code" `,
      );
      return ctx.render(
        'awareness-campaign.njk',
        staff.pageContext(who, 'awareness', {
          pageTitle: campaign.name,
          backLink: `${BASE}/campaigns`,
          campaign,
          url,
          qrSvg: svg,
          qrDownload: `${BASE}/campaigns/${campaign.slug}/qr.svg`,
        }),
      );
    }),
    staff.guarded(
      'GET',
      `${BASE}/campaigns/{slug}/qr.svg`,
      'awareness-campaign-qr',
      MANAGERS,
      async (ctx) => {
        const campaign = await campaignOr404(ctx.params.slug);
        return {
          status: 200,
          headers: {
            'content-type': 'image/svg+xml; charset=utf-8',
            'content-disposition': `attachment; filename="campaign-${campaign.slug}-qr.svg"`,
          },
          body: await qrSvg(campaign.slug),
        };
      },
    ),
    staff.guarded('GET', `${BASE}/organisations`, 'awareness-organisations', MANAGERS, (ctx, who) =>
      organisationsPage(
        ctx.render,
        who,
        { values: {}, errors: noErrors() },
        {
          imported: /^\d{1,4}$/.test(ctx.req.query.imported ?? '')
            ? Number(ctx.req.query.imported)
            : undefined,
        },
      ),
    ),
    staff.guarded(
      'POST',
      `${BASE}/organisations`,
      'awareness-organisations:post',
      MANAGERS,
      async (ctx, who, form) => {
        const values = { csv: form?.values.csv ?? '' };
        // A chosen file wins over pasted text; a refused file is never replaced by the text.
        const chosen = csvUploadOf(form?.body.files.get('csvFile'), MAX_ORGANISATION_LIST_BYTES);
        const parsed: OrganisationListResult & { field?: string } =
          chosen.ok === false
            ? { ok: false, message: chosen.error, field: 'csvFile' }
            : chosen.ok === true
              ? { ...parseOrganisationList(chosen.text), field: 'csvFile' }
              : values.csv.trim() === ''
                ? { ok: false, message: 'Select a CSV file, or paste its text', field: 'csvFile' }
                : parseOrganisationList(values.csv);
        if (chosen.ok !== 'none') values.csv = '';
        if (parsed.ok) {
          await deps.campaigns.saveOrganisations({
            organisations: parsed.organisations,
            importedAt: deps.now().toISOString(),
            importedBy: who.actor.name,
          });
          return redirect(`${BASE}/organisations?imported=${parsed.organisations.length}`);
        }
        const errors = noErrors();
        addError(errors, parsed.field ?? 'csv', parsed.message);
        return organisationsPage(ctx.render, who, { values, errors }, {}, 422);
      },
    ),
  ];
}

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every number on the dashboard, one row each, with the month it belongs to (or the period). */
export function awarenessCsv(f: AwarenessFigures): string {
  return toCsv(
    ['Section', 'Figure', 'Count', 'Period start', 'Period end', 'References'],
    awarenessCounts(f).map((c) => [
      c.section,
      c.label,
      c.count,
      f.period.from,
      f.period.to,
      c.references.join(' '),
    ]),
  );
}
