import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { isConditionFailure } from './dynamo.ts';

/**
 * Awareness campaigns and the council's list of its schools and practices (issue 15). Campaigns
 * share one partition (`CAMPAIGNS`, one item per slug): a council makes a few dozen a year, so the
 * staff page lists them with one Query and the form checks one with one GetItem. The organisation
 * list is one item (`ORGANISATIONS`/`LIST`): a few hundred names, far below the 400 KB item limit,
 * replaced whole on each import.
 */

export const CAMPAIGN_SLUG = /^[a-z0-9-]{1,64}$/;

export const CampaignSchema = schemaOnFirstUse(() =>
  z.object({
    slug: z.string().check(z.regex(CAMPAIGN_SLUG)),
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    createdAt: z.string(),
    /** The manager's name, as on every staff event. */
    createdBy: z.string(),
  }),
);
export type Campaign = z.infer<typeof CampaignSchema>;

export const OrganisationListSchema = schemaOnFirstUse(() =>
  z.object({
    organisations: z.array(
      z.object({
        name: z.string().check(z.maxLength(200)),
        type: z.optional(z.string().check(z.maxLength(100))),
      }),
    ),
    importedAt: z.string(),
    importedBy: z.string(),
  }),
);
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

export const campaignKey = (slug: string) => ({ pk: 'CAMPAIGNS', sk: slug });
export const organisationListKey = () => ({ pk: 'ORGANISATIONS', sk: 'LIST' });

/** What the public form needs: whether a campaign link is real. */
export interface CampaignLookup {
  exists(slug: string): Promise<boolean>;
}

export interface CampaignStore extends CampaignLookup {
  list(): Promise<Campaign[]>;
  get(slug: string): Promise<Campaign | undefined>;
  /** False when the slug is taken (links already printed must keep meaning what they meant). */
  create(campaign: Campaign): Promise<boolean>;
  organisations(): Promise<OrganisationList | undefined>;
  saveOrganisations(list: OrganisationList): Promise<void>;
}

export function createCampaignStore(db: DynamoDBDocumentClient, tableName: string): CampaignStore {
  const get = async (slug: string) => {
    if (!CAMPAIGN_SLUG.test(slug)) return undefined;
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: campaignKey(slug) }));
    return Item ? z.parse(CampaignSchema, Item) : undefined;
  };
  return {
    get,
    async exists(slug) {
      return (await get(slug)) !== undefined;
    },
    async list() {
      const campaigns: Campaign[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) campaigns.push(z.parse(CampaignSchema, item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return campaigns.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.slug.localeCompare(b.slug));
    },
    async create(campaign) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...campaignKey(campaign.slug), type: 'campaign', ...z.parse(CampaignSchema, campaign) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async organisations() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: organisationListKey() }));
      return Item ? z.parse(OrganisationListSchema, Item) : undefined;
    },
    async saveOrganisations(list) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...organisationListKey(),
            type: 'organisation-list',
            ...z.parse(OrganisationListSchema, list),
          },
        }),
      );
    },
  };
}
