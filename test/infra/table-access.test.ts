import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { asArray, buildTestApp, functionStatements, type Statement } from './helpers.ts';

/*
 * Issue 13: each function may do only what its store modules do to the table, and only to the
 * partition-key prefixes it owns (dynamodb:LeadingKeys). Written out literally, not derived from
 * the stack's own table of grants, so a widened grant fails here.
 */

let stateless: Template;
beforeAll(() => {
  stateless = Template.fromStack(buildTestApp().stateless);
});

/** A function's table statements as `actions on table|index:name for prefixes`. */
function tableGrants(name: string): string[] {
  return functionStatements(stateless, name)
    .filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')))
    .map((s: Statement) => {
      const resource = JSON.stringify(s.Resource);
      const index = /\/index\/(\w+)/.exec(resource)?.[1];
      const keys = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      const actions = asArray(s.Action)
        .map((a) => a.replace('dynamodb:', ''))
        .sort()
        .join(',');
      return `${actions} on ${index ? `index:${index}` : 'table'} for ${asArray(keys as string | string[]).join(',')}`;
    })
    .sort();
}

const EXPECTED: Record<string, string[]> = {
  // The internet-facing function: its drafts, resume links, rate-limit counters, and the
  // notification it writes under the case's key. No Query, no Scan, no sessions, no index.
  notify: [
    'DeleteItem,GetItem,PutItem,UpdateItem on table for DRAFT#*,RESUME#*',
    'GetItem,PutItem,UpdateItem on table for CASE#*',
    'UpdateItem on table for LIMIT#*',
    // Whether a campaign link is real (issue 15): one item read, nothing written.
    'GetItem on table for CAMPAIGNS',
    'GetItem,PutItem,UpdateItem on table for NOTICE#*',
    'GetItem,UpdateItem on table for TRANSFER-ACK#*',
    // Missing-information links (issue 12): read by hash and marked used; never listed.
    'GetItem,UpdateItem on table for MISSINGINFO#*',
  ],
  route: [
    'DeleteItem,GetItem,PutItem,UpdateItem on table for CASE#*',
    'GetItem on table for BOUNCED#*',
    'GetItem,PutItem,Query on table for MATCH#*',
    'GetItem,UpdateItem on table for NOTICE#*',
    'PutItem on table for NOTICES',
  ],
  remind: [
    'GetItem,PutItem on table for RECIPIENT#*',
    'PutItem,UpdateItem on table for CASE#*',
    'Query on index:gsi1 for DUE#*',
    'UpdateItem on table for NOTICE#*',
  ],
  staff: [
    'DeleteItem,GetItem,PutItem,Query,UpdateItem on table for SESSION#*,STAFF',
    'DeleteItem,GetItem,PutItem,Query,UpdateItem on table for CASE#*',
    'DeleteItem,Query on table for NOTICES',
    'GetItem,UpdateItem on table for NOTICE#*',
    'PutItem on table for TRANSFER-ACK#*',
    'Query on index:gsi2 for CASES',
    'GetItem,PutItem,Query on table for CAMPAIGNS,ORGANISATIONS',
    'DeleteItem,GetItem,PutItem on table for PERSON#*',
    'GetItem,PutItem,UpdateItem on table for IMPORT#*',
    'PutItem on table for MISSINGINFO#*',
  ],
  'ses-events': ['PutItem,UpdateItem on table for CASE#*', 'PutItem on table for BOUNCED#*'],
};

describe('table access by function and key prefix (issue 13)', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`gives ${name} only the actions and key prefixes it uses`, () => {
      expect(tableGrants(name)).toEqual([...expected].sort());
    });
  }

  it('has no table statement without a LeadingKeys condition, and no Scan or batch action anywhere', () => {
    for (const name of Object.keys(EXPECTED)) {
      for (const s of functionStatements(stateless, name)) {
        const actions = asArray(s.Action);
        if (!actions.some((a) => a.startsWith('dynamodb:'))) continue;
        expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], name).toBeDefined();
        for (const a of actions) expect(a, name).not.toMatch(/Scan|Batch|\*/);
      }
    }
  });
});

describe('the address hash key (issue 13)', () => {
  it('is read by the functions that hash addresses into keys, and by no other', () => {
    for (const name of Object.keys(EXPECTED)) {
      const reads = functionStatements(stateless, name).filter((s) => s.Sid === 'ReadAddressHashKey');
      if (['route', 'remind', 'ses-events'].includes(name)) {
        expect(reads, name).toEqual([
          expect.objectContaining({
            Action: 'secretsmanager:GetSecretValue',
            Resource: { 'Fn::ImportValue': expect.stringContaining('AddressHashKey') },
          }),
        ]);
      } else {
        expect(reads, name).toEqual([]);
      }
    }
  });
});
