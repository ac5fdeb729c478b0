import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../shared/config';
import { aCatalog, setAt, toYaml, type Doc } from './catalogBuilder';
import { problemsOf } from './catalogProblems';

const GROUP = '11111111-1111-4111-8111-111111111111';
const SUB = '22222222-2222-4222-8222-222222222222';
const TENANT = '33333333-3333-4333-8333-333333333333';
const COMMUNITY = { publisherUri: 'https://contoso.example', publisherContact: 'images@contoso.example', eula: 'https://contoso.example/eula', publicNamePrefix: 'contoso', enforce: true };

type Case = [description: string, change: (doc: Doc) => Doc, path: string, message: RegExp];

const cases: Case[] = [
  ['reader ID not a GUID', (d) => setAt(d, 'gallery.sharing.readers', [{ principalId: 'team-web' }]), 'gallery.sharing.readers[0].principalId', /must be a GUID.*got "team-web"/],
  ['subscription ID not a GUID', (d) => setAt(d, 'gallery.sharing.direct.subscriptions', ['22222222-2222-4222-8222-22222222222']), 'gallery.sharing.direct.subscriptions[0]', /must be a GUID/],
  ['tenant ID not a GUID', (d) => setAt(d, 'gallery.sharing.direct.tenants', ['contoso.onmicrosoft.com']), 'gallery.sharing.direct.tenants[0]', /must be a GUID/],
  ['reader of an image the catalog does not manage', (d) => setAt(d, 'gallery.sharing.readers', [{ principalId: GROUP, images: ['someone-elses'] }]), 'gallery.sharing.readers[0].images[0]', /"someone-elses" is not in the catalog: the app shares only the gallery and the definitions it manages/],
  ['the same reader twice', (d) => setAt(d, 'gallery.sharing.readers', [{ principalId: GROUP }, { principalId: GROUP.toUpperCase() }]), 'gallery.sharing.readers[1].principalId', /duplicate reader/],
  ['the same subscription twice', (d) => setAt(d, 'gallery.sharing.direct.subscriptions', [SUB, SUB]), 'gallery.sharing.direct.subscriptions[1]', /duplicate subscription/],
  ['unknown principal type', (d) => setAt(d, 'gallery.sharing.readers', [{ principalId: GROUP, principalType: 'Team' }]), 'gallery.sharing.readers[0].principalType', /must be one of Group, User, ServicePrincipal/],
  ['community without the acknowledgement', (d) => setAt(d, 'gallery.sharing.community', { ...COMMUNITY, enforce: undefined }), 'gallery.sharing.community.enforce', /must be true: a community gallery makes every image public/],
  ['community acknowledged with false', (d) => setAt(d, 'gallery.sharing.community', { ...COMMUNITY, enforce: false }), 'gallery.sharing.community.enforce', /must be true/],
  ['community EULA over http', (d) => setAt(d, 'gallery.sharing.community', { ...COMMUNITY, eula: 'http://contoso.example/eula' }), 'gallery.sharing.community.eula', /https URL/],
  ['community contact not an email', (d) => setAt(d, 'gallery.sharing.community', { ...COMMUNITY, publisherContact: 'images team' }), 'gallery.sharing.community.publisherContact', /email address/],
  ['direct and community together', (d) => setAt(setAt(d, 'gallery.sharing.community', COMMUNITY), 'gallery.sharing.direct', { subscriptions: [SUB] }), 'gallery.sharing.community', /either directly .* or to the community, not both/],
  ['allow-list tenant not a GUID', (d) => setAt(d, 'policy.sharing.allow.tenants', ['contoso']), 'policy.sharing.allow.tenants[0]', /must be a GUID/],
];

describe('catalog sharing: bad input is refused at startup with the exact path and rule', () => {
  it.each(cases)('%s', (_description, change, path, message) => {
    const problems = problemsOf(change(aCatalog()));
    expect(problems.map((p) => p.path)).toEqual(problems.map(() => path));
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });

  it('lists every sharing problem at once', () => {
    const doc = setAt(setAt(setAt(aCatalog(), 'gallery.sharing.readers', [{ principalId: 'x' }]), 'gallery.sharing.direct.tenants', ['y']), 'policy.sharing.allow.subscriptions', ['z']);
    expect(problemsOf(doc).map((p) => p.path).sort()).toEqual(['gallery.sharing.direct.tenants[0]', 'gallery.sharing.readers[0].principalId', 'policy.sharing.allow.subscriptions[0]']);
  });
});

describe('catalog sharing: defaults', () => {
  it('shares nothing and manages no direct or community sharing unless told', () => {
    const catalog = loadCatalog(toYaml(aCatalog()));
    expect(catalog.gallery.sharing).toEqual({ readers: [] });
    expect(catalog.policy.sharing).toEqual({ allow: { subscriptions: [], tenants: [], community: false } });
  });

  it('reads readers (Group by default, lower-cased IDs), direct sharing and community', () => {
    const doc = setAt(
      setAt(aCatalog(), 'gallery.sharing', { readers: [{ principalId: GROUP.toUpperCase(), images: ['ubuntu-2204-base'] }], direct: { tenants: [TENANT] } }),
      'policy.sharing.allow.tenants',
      [TENANT],
    );
    const catalog = loadCatalog(toYaml(doc));
    expect(catalog.gallery.sharing).toEqual({ readers: [{ principalId: GROUP, principalType: 'Group', images: ['ubuntu-2204-base'] }], direct: { subscriptions: [], tenants: [TENANT] } });
    expect(loadCatalog(toYaml(setAt(aCatalog(), 'gallery.sharing.community', COMMUNITY))).gallery.sharing.community).toEqual(COMMUNITY);
  });
});
