// byline-serve's page: a search box, facet filters as chips, paging, one document view.
//
// The state lives in the address (q, f = TYPE:NAME filters, since, until, sort, page, doc,
// names = more names in the sidebar),
// so a search can be bookmarked and shared and the back button works: every change pushes a
// new address and draws from it; going back draws the older one.  Text from the index is
// always inserted with textContent (never as HTML).
'use strict';

const PAGE = 10;
const NAMES = 10, MORE_NAMES = 50; // names per type in the sidebar, and after 'More names'
const TYPES = [['person', 'People'], ['place', 'Places'], ['org', 'Organisations'], ['other', 'Other names']];
const $ = (id) => document.getElementById(id);
let drawn = 0; // number of the latest draw: an answer to an older one is dropped

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c); // strings become text nodes
  return e;
}

// ---- state <-> address -----------------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    filters: p.getAll('f').filter((f) => f.includes(':')),
    since: p.get('since') || '',
    until: p.get('until') || '',
    sort: p.get('sort') || 'relevance',
    page: Math.max(1, parseInt(p.get('page') || '1', 10) || 1),
    doc: p.get('doc') || '',
    names: p.get('names') === 'more',
  };
}

function stateUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of s.filters) p.append('f', f);
  if (s.since) p.set('since', s.since);
  if (s.until) p.set('until', s.until);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.doc) p.set('doc', s.doc);
  if (s.names) p.set('names', 'more');
  const qs = p.toString();
  return qs ? '?' + qs : location.pathname;
}

function go(change) {
  const s = Object.assign(readState(), change);
  history.pushState(null, '', stateUrl(s));
  draw();
}

// A filter "person:Amir Baram" as the query language writes it: person:"Amir Baram".
function filterQuery(f) {
  const i = f.indexOf(':');
  return f.slice(0, i) + ':"' + f.slice(i + 1).replace(/"/g, ' ') + '"';
}

function apiQuery(s) {
  return [s.q.trim(), ...s.filters.map(filterQuery)].filter(Boolean).join(' ');
}

// ---- API ---------------------------------------------------------------------------------

async function api(path, params) {
  const r = await fetch(path + '?' + new URLSearchParams(params).toString());
  let body = null;
  try { body = await r.json(); } catch (e) { body = { message: 'the server sent no JSON (' + r.status + ')' }; }
  if (!r.ok) throw Object.assign(new Error(body.message || String(r.status)), { body, status: r.status });
  return body;
}

// ---- drawing -----------------------------------------------------------------------------

// The snippet with the matched words in <mark>: matches are byte offsets into the UTF-8 text.
function snippetNode(hit) {
  const p = el('p', { class: 'snippet' });
  const text = hit.snippet || '';
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  let pos = 0;
  for (const [a, b] of hit.matches || []) {
    if (a < pos || b > bytes.length || a > b) continue;
    p.append(dec.decode(bytes.slice(pos, a)), el('mark', { text: dec.decode(bytes.slice(a, b)) }));
    pos = b;
  }
  p.append(dec.decode(bytes.slice(pos)));
  return p;
}

function addFilter(type, name) {
  const s = readState();
  const f = type + ':' + name;
  if (!s.filters.includes(f)) go({ filters: [...s.filters, f], page: 1, doc: '' });
}

function hitNode(hit) {
  const meta = [hit.date ? hit.date.slice(0, 10) : null, hit.source, hit.authors && hit.authors.join(', '), hit.id]
    .filter(Boolean).join(' · ');
  const ents = el('ul', { class: 'entities' });
  for (const e of (hit.entities || []).slice(0, 12))
    ents.append(el('li', {}, el('button', { class: 'entity ' + e.type, type: 'button', title: e.type + ', ' + e.count + ' mention' + (e.count === 1 ? '' : 's'),
      onclick: () => addFilter(e.type, e.name) }, e.name)));
  const link = el('a', { href: stateUrl(Object.assign(readState(), { doc: hit.id })), text: hit.title || '(untitled)' });
  link.addEventListener('click', (ev) => { ev.preventDefault(); go({ doc: hit.id }); });
  return el('li', { class: 'hit', 'data-id': hit.id || '' }, el('h2', {}, link), el('div', { class: 'meta', text: meta }),
    snippetNode(hit), ents);
}

function drawFacets(facets, s) {
  const box = $('facets');
  box.replaceChildren();
  for (const [type, label] of TYPES) {
    const items = ((facets || {})[type] || []).filter((f) => !s.filters.includes(type + ':' + f.name));
    if (!items.length) continue;
    const ul = el('ul', { 'data-type': type });
    for (const f of items)
      ul.append(el('li', {}, el('button', { class: 'facet', type: 'button', 'data-type': type, onclick: () => addFilter(type, f.name) },
        el('span', { class: 'name', text: f.name }), el('span', { class: 'count', text: String(f.count) }))));
    box.append(el('h3', { text: label }), ul);
  }
  if (box.childElementCount)
    box.append(el('button', { type: 'button', id: 'more-names', class: 'more',
      onclick: () => go({ names: !s.names }) }, s.names ? 'Fewer names' : 'More names'));
}

// "In the best matches": the names the first hits of this page mention, so that what the top
// articles are about shows beside the counts over every match.  A name weighs 1/position² for
// each of those hits naming it (the best hit's names first, a name shared by several hits
// before the others), then by mentions.  Kept short; clicking one filters like a facet.
const TOP_HITS = 5, TOP_NAMES = 12;
function drawTopNames(hits, s) {
  const seen = new Map();
  (hits || []).slice(0, TOP_HITS).forEach((h, i) => {
    for (const e of h.entities || []) {
      const k = e.type + ':' + e.name;
      if (s.filters.includes(k)) continue;
      const v = seen.get(k) || { type: e.type, name: e.name, hits: 0, weight: 0, mentions: 0 };
      v.hits += 1;
      v.weight += 1 / ((i + 1) * (i + 1));
      v.mentions += e.count;
      seen.set(k, v);
    }
  });
  const top = [...seen.values()].sort((a, b) => b.weight - a.weight || b.mentions - a.mentions).slice(0, TOP_NAMES);
  if (!top.length) return;
  const ul = el('ul', { 'data-type': 'top', id: 'top-names' });
  for (const f of top)
    ul.append(el('li', {}, el('button', { class: 'facet ' + f.type, type: 'button', 'data-type': f.type,
      title: f.type + ' — named by ' + f.hits + ' of the best ' + Math.min(TOP_HITS, hits.length) + ' matches',
      onclick: () => addFilter(f.type, f.name) },
      el('span', { class: 'name', text: f.name }), el('span', { class: 'count', text: f.type }))));
  $('facets').prepend(el('h3', { text: 'In the best matches' }), ul);
}

function drawChips(s) {
  const box = $('chips');
  box.replaceChildren();
  for (const f of s.filters) {
    const i = f.indexOf(':');
    box.append(el('span', { class: 'chip', 'data-filter': f }, f.slice(0, i) + ': ' + f.slice(i + 1),
      el('button', { type: 'button', 'aria-label': 'Remove filter ' + f, text: '×',
        onclick: () => go({ filters: readState().filters.filter((x) => x !== f), page: 1 }) })));
  }
}

function drawPager(res, s) {
  const nav = $('pager');
  nav.replaceChildren();
  const pages = Math.max(1, Math.ceil(res.total / PAGE));
  if (pages <= 1 && s.page <= 1) return;
  if (s.page > 1) nav.append(el('button', { type: 'button', id: 'prev', onclick: () => go({ page: s.page - 1 }) }, '← Previous'));
  nav.append(el('span', { id: 'page-of', text: 'page ' + s.page + ' of ' + (res.total_exact ? '' : 'about ') + pages }));
  if (s.page < pages && res.hits.length === PAGE) nav.append(el('button', { type: 'button', id: 'next', onclick: () => go({ page: s.page + 1 }) }, 'Next →'));
}

function showError(e) {
  const st = $('status');
  st.className = 'error';
  const col = e.body && e.body.column ? ' (at character ' + e.body.column + ')' : '';
  st.textContent = (e.body && e.body.error === 'query' ? 'Query error: ' : 'Error: ') + e.message + col;
}

async function drawResults(s, seq) {
  $('hits').replaceChildren();
  $('pager').replaceChildren();
  $('suggestion').hidden = true;
  const query = apiQuery(s);
  const st = $('status');
  st.className = '';
  if (!query) {
    $('facets').replaceChildren();
    st.textContent = 'Type words to search; click a name on the left to narrow the results.';
    return;
  }
  st.textContent = 'Searching…';
  const params = { q: query, limit: String(PAGE), offset: String((s.page - 1) * PAGE), facets: 'all:' + (s.names ? MORE_NAMES : NAMES) };
  if (s.since) params.since = s.since;
  if (s.until) params.until = s.until;
  if (s.sort !== 'relevance') params.sort = s.sort;
  let res;
  try { res = await api('/api/search', params); } catch (e) {
    if (seq === drawn) { $('facets').replaceChildren(); showError(e); }
    return;
  }
  if (seq !== drawn) return; // the address changed meanwhile: a newer draw shows it
  const n = res.hits.length;
  st.textContent = (res.total_exact ? '' : 'about ') + res.total + ' result' + (res.total === 1 ? '' : 's') +
    (n ? ' (showing ' + res.hits[0].rank + '–' + res.hits[n - 1].rank + ')' : '');
  for (const h of res.hits) $('hits').append(hitNode(h));
  if (res.suggestion) {
    const sug = $('suggestion');
    sug.replaceChildren('Did you mean: ', el('a', { href: '#', text: res.suggestion, onclick: (ev) => { ev.preventDefault(); go({ q: res.suggestion, page: 1 }); } }));
    sug.hidden = false;
  }
  drawFacets(res.facets, s);
  drawTopNames(res.hits, s);
  drawPager(res, s);
}

async function drawDoc(s, seq) {
  const box = $('doc');
  box.replaceChildren(el('p', { text: 'Loading…' }));
  let d;
  try { d = await api('/api/doc', { id: s.doc }); } catch (e) {
    if (seq === drawn) box.replaceChildren(el('p', { class: 'error', text: e.message }));
    return;
  }
  if (seq !== drawn) return;
  const dl = el('dl');
  for (const [k, v] of [['date', d.date], ['source', d.source], ['authors', d.authors.join(', ')], ['url', d.url], ['id', d.id], ['path', d.path]])
    if (v) dl.append(el('dt', { text: k }), el('dd', { text: v }));
  const ents = el('ul', { class: 'entities' });
  for (const e of d.entities)
    ents.append(el('li', {}, el('button', { class: 'entity ' + e.type, type: 'button', onclick: () => { go({ doc: '' }); addFilter(e.type, e.name); } }, e.name + ' ' + e.count)));
  box.replaceChildren(el('button', { type: 'button', id: 'back', onclick: () => history.back() }, '← Back to the results'),
    el('h2', { text: d.title || '(untitled)' }), dl, ents, el('div', { class: 'body', text: d.text || '' }));
}

function draw() {
  const s = readState();
  $('q').value = s.q;
  $('since').value = s.since;
  $('until').value = s.until;
  $('sort').value = s.sort;
  drawChips(s);
  const showDoc = Boolean(s.doc);
  $('doc').hidden = !showDoc;
  $('results').hidden = showDoc;
  $('facets').hidden = showDoc;
  document.title = (s.q || s.filters.length ? apiQuery(s) + ' — ' : '') + 'Byline';
  const seq = ++drawn;
  if (showDoc) drawDoc(s, seq);
  else drawResults(s, seq);
}

async function toggleSyntax() {
  const pre = $('syntax'), btn = $('syntax-toggle');
  if (!pre.textContent) {
    try { pre.textContent = (await api('/api/syntax', {})).syntax; } catch (e) { pre.textContent = e.message; }
  }
  pre.hidden = !pre.hidden;
  btn.setAttribute('aria-expanded', String(!pre.hidden));
}

function init() {
  $('search-form').addEventListener('submit', (ev) => { ev.preventDefault(); go({ q: $('q').value, page: 1, doc: '' }); });
  $('since').addEventListener('change', () => go({ since: $('since').value, page: 1, doc: '' }));
  $('until').addEventListener('change', () => go({ until: $('until').value, page: 1, doc: '' }));
  $('sort').addEventListener('change', () => go({ sort: $('sort').value, page: 1, doc: '' }));
  $('syntax-toggle').addEventListener('click', toggleSyntax);
  window.addEventListener('popstate', draw);
  api('/api/info', {}).then((i) => { $('info').textContent = i.documents + ' documents (' + i.language + ')'; }, () => {});
  draw();
}

init();
