/**
 * The explorer's saved operations, one or more per kind of user. Plain data (and the persisted
 * manifest) so the explorer bundle, the README and the tests share them. The taxpayer is the default seed's first
 * taxpayer (seed 42, taxpayer 0: the generator is deterministic), so the examples work on a fresh
 * `npm start`.
 */
const EXAMPLE_USCC = '9121020200012HJ264';

/** The national tax office of that taxpayer's area (division 210202): an officer's token names it. */
const EXAMPLE_OFFICE = '12102020000';

const manifest = require('../operations/manifest.json');
const bankOperation = (name) => manifest.operations.find((o) => o.name === name).body;

/** Headers for a role: paste a token from `npm start` or `npm run token` (or save one in localStorage 'taxgraph:token'). */
const headersFor = (role, purpose) =>
  JSON.stringify(
    {
      Authorization: `Bearer <${role} token: npm run token -- --role ${role}${
        role === 'bank' ? ' --bank 102651000019' : role === 'officer' ? ` --office ${EXAMPLE_OFFICE}` : ''
      }>`,
      ...(purpose ? { 'X-Purpose': purpose } : {}),
    },
    null,
    2,
  );

const examples = [
  {
    title: 'App: a taxpayer, whole (360 view)',
    query: `# One taxpayer as all four agencies know it.
query Taxpayer360($uscc: USCC!) {
  taxpayer(uscc: $uscc) {
    uscc
    name
    registration { name entityTypeLabel status statusLabel establishedOn registeredCapital division }
    nationalTax { tin status statusLabel taxpayerType taxOffice { name } }
    localTax { tin status statusLabel taxOffice { name } }
    payments(first: 5) { edges { node { taxOfficeCode voucherNo status amount taxType entrustedOn } } }
  }
}`,
    variables: JSON.stringify({ uscc: EXAMPLE_USCC }, null, 2),
    headers: headersFor('app'),
  },
  {
    title: 'Analyst: registry records of one district, paged',
    query: `# Keyset paging: pass pageInfo.endCursor as $after for the next page.
query DistrictRegistrations($after: String) {
  registrations(first: 20, after: $after, filter: { division: "510104", status: ACTIVE }) {
    edges { node { name registrationNumber industryCode establishedOn taxpayer { uscc } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: JSON.stringify({ after: null }, null, 2),
    headers: headersFor('analyst', 'district registry review'),
  },
  {
    title: "App: a taxpayer's cross-agency findings and joint credit rating (live)",
    query: `# Every joint check that fires for this taxpayer now, and the joint credit grade (the lower of the bureaus').
query TaxpayerFindings($uscc: USCC!) {
  taxpayer(uscc: $uscc) {
    uscc
    name
    findings { kind title sources detail values { source field value } basis }
    jointCreditRating(year: 2015) { nationalTax localTax joint reason }
  }
}`,
    variables: JSON.stringify({ uscc: EXAMPLE_USCC }, null, 2),
    headers: headersFor('app'),
  },
  {
    title: 'Analyst: findings of the latest reconciliation run (npm run reconcile), by task and area',
    query: `# Urban construction tax bases that differ from the taxes paid (task 7), in one province; run says when it ran.
query UctMismatches($after: String) {
  findings(first: 20, after: $after, filter: { kinds: [UCT_BASE_MISMATCH], division: "51" }) {
    run { id asOf finishedAt }
    totalCount
    edges { node { uscc legacyId periodFrom periodTo detail values { source field value } taxOfficeCodes } }
    pageInfo { hasNextPage endCursor }
  }
  findingCounts(by: KIND) { group findings }
}`,
    variables: JSON.stringify({ after: null }, null, 2),
    headers: headersFor('analyst', 'joint meeting of the two bureaus'),
  },
  {
    title: "Officer: my office's open cases, and acknowledging one (the graph's only write)",
    query: `# The cases an office must act on (OPEN, oldest first), with their history. Run OpenCases, copy a
# findingId into the variables, then run Acknowledge: only an officer of the case's owner office may
# change it, with a note (it goes into the case's history and the audit trail, verbatim: no personal data).
query OpenCases($office: String, $after: String) {
  cases(first: 20, after: $after, filter: { office: $office, status: OPEN }) {
    edges { node { findingId status ownerOffice notifyOffices dueOn history { at actor office from to note } } }
    pageInfo { hasNextPage endCursor }
  }
}

mutation Acknowledge($findingId: ID!, $note: String!) {
  updateFindingCase(findingId: $findingId, status: ACKNOWLEDGED, note: $note) {
    findingId
    status
    history { at actor office from to note }
  }
}`,
    variables: JSON.stringify(
      {
        office: EXAMPLE_OFFICE,
        after: null,
        findingId: '<a findingId from OpenCases>',
        note: 'Received; the district team visits the premises this week.',
      },
      null,
      2,
    ),
    headers: headersFor('officer'),
  },
  {
    // Banks may run only the committed persisted operations: this is the manifest's text exactly.
    title: 'Bank: the status of one payment (persisted operation PaymentStatus)',
    query: bankOperation('PaymentStatus'),
    variables: JSON.stringify({ taxOfficeCode: '12102020000', voucherNo: '1000000000000' }, null, 2),
    headers: headersFor('bank'),
  },
];

module.exports = { examples, EXAMPLE_USCC, EXAMPLE_OFFICE };
