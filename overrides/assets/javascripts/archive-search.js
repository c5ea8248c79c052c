/* The archive's search worker: Material's search box and result list, Pagefind's index.
 *
 * Material starts this script as its search worker (main.html points `__config.search` here)
 * and speaks its worker protocol to it: SETUP with the (empty) lunr index, READY back, then a
 * QUERY per keystroke, a RESULT back. Each query is answered from Pagefind's index of this
 * language's site (pagefind/), which is fetched in small pieces as a query needs them.
 *
 * What a query becomes (build_scripts/site/search.py makes the data this relies on):
 * - `year:2023`, `agency:…`, `type:…`, `region:…` (and their Chinese names, 年份:2023) are
 *   filters; the menus beside the search box (archive-search-filters.js) write them;
 * - a document or index number in any bracket or width is looked up by its key word first;
 * - Chinese text is tried as typed, in Simplified and in Traditional (character tables from
 *   OpenCC and the archive's own pages, render/search_data.py), each first as an exact phrase, so documents containing the words as typed rank
 *   above documents that only contain their characters somewhere.
 *
 * From file:// (the unpacked snapshot) the page runs this script in an iframe (iframe-worker)
 * and nothing can be fetched: every Pagefind file then comes from a `<file>.js` beside it,
 * which the snapshot adds, loaded with a script tag.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 20;        // results whose excerpt is loaded and shown
const MAX_FORMS = 16;    // spellings of one query tried (Simplified→Traditional is one to many)
const KEY_PATTERN = /\bak[0-9a-z]{14}\b/g;
const HAN = /\p{Script=Han}/u;

const scriptUrl = typeof document !== "undefined" && document.querySelector("script[src]")
  ? document.querySelector("script[src]").src       // iframe-worker: the script tag that runs us
  : self.location.href;
const siteBase = new URL("../../", scriptUrl);         // assets/javascripts/ → the site's root
const pagefindBase = new URL("pagefind/", siteBase).href;
const fromFiles = siteBase.protocol === "file:";

let engine = null;       // Pagefind, once started
let scripts = { t2s: {}, s2t: {} };
let facets = { tokens: {}, values: {} };  // render/search_data.py: filter words and values
let latest = 0;          // the newest query: answers to older ones are dropped

/* ---- loading ------------------------------------------------------------------------- */

async function load(url) {
  await importScripts(url);  // a promise under iframe-worker, synchronous in a worker
}

if (fromFiles) {
  // Each Pagefind file F is also F.js: `archiveSearchFile("F", "<base64>")`.
  const files = new Map();
  self.archiveSearchFile = (name, data) => files.set(name, data);
  self.fetch = async (input) => {
    const url = new URL(String(input), pagefindBase);
    url.search = "";
    const name = url.href.slice(pagefindBase.length);
    if (!files.has(name)) {
      try { await load(url.href + ".js"); } catch (error) { /* missing: a 404 below */ }
    }
    const data = files.get(name);
    if (data === undefined) return new Response(null, { status: 404 });
    files.delete(name);  // Pagefind keeps what it loaded
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    return new Response(bytes, { status: 200 });
  };
}

let lang = "zh";
let starting = null;     // Pagefind's start-up, begun by the first query, not by the page load

async function start() {
  await load(new URL("archive-search-scripts.js", scriptUrl).href);
  scripts = self.archiveScriptTable || scripts;
  await load(new URL("archive-search-facets.js", scriptUrl).href);
  facets = self.archiveSearchFacets || facets;
  await load(pagefindBase + "archive-pagefind.js");
  await load(pagefindBase + "archive-shards.js");
  const shards = self.archiveSearchShards || [];
  if (!shards.length) return;  // an archive without documents: nothing to find
  // Pagefind's main-thread class, told the language: it cuts the query into words as the
  // pages were cut (Intl.Segmenter for Chinese), and a worker has no <html lang> to read.
  // Each shard of the site has its own index (build_scripts/site/units.py): Pagefind starts
  // on the first and merges the others, and a query searches them all and ranks the results
  // together.
  const options = { baseUrl: siteBase.pathname, language: lang.toLowerCase(), excerptLength: 40 };
  engine = new self.ArchivePagefind.Pagefind({ basePath: pagefindBase + shards[0] + "/", ...options });
  await Promise.all(shards.slice(1).map(shard => engine.mergeIndex(pagefindBase + shard + "/", options)));
}

/* ---- what a query means ------------------------------------------------------------- */

const FILTER_TOKEN = /(^|\s)([^\s:：]+)[:：]("([^"]*)"|“([^”]*)”|(\S+))/g;

function parse(query) {
  const filters = {};
  const text = query.replace(FILTER_TOKEN, (all, space, name, _v, quoted, curly, bare) => {
    const filter = facets.tokens[name.toLowerCase()];
    if (!filter) return all;
    (filters[filter] = filters[filter] || []).push((quoted ?? curly ?? bare).trim());
    return space;
  }).trim();
  return { text, filters };
}

function convert(text, table) {
  return Array.from(text, ch => table[ch] || ch).join("");
}

// The query in the site's script. Simplified: each character made Simplified. Traditional:
// as typed, then each character's first option (the one the archive's pages use most), then
// with one, then two characters changed to another of their options (phrases: 答覆, 瞭解,
// 複覈), at most MAX_FORMS in all.
function forms(text) {
  // Each site's pages are in one script: the other script's spellings would only fetch index
  // pieces that cannot match. (English pages: Latin words and numbers, as typed.)
  if (lang === "zh") return [convert(text, scripts.t2s)];
  if (lang !== "zh-Hant") return [text];
  // as typed when it is Traditional already; a Simplified query as typed cannot match here
  const out = new Set(convert(text, scripts.t2s) !== text ? [text] : []);
  const options = Array.from(text, ch => Array.from(scripts.s2t[ch] || ch));
  const first = options.map(o => o[0]);
  const changed = (changes) => {
    const chars = first.slice();
    for (const [i, choice] of changes) chars[i] = choice;
    return chars.join("");
  };
  const singles = [];
  options.forEach((choices, i) => choices.slice(1).forEach(choice => singles.push([i, choice])));
  out.add(first.join(""));
  for (const single of singles) out.add(changed([single]));
  singles.forEach((a, x) => singles.slice(x + 1).forEach(b => {
    if (a[0] !== b[0] && out.size < MAX_FORMS) out.add(changed([a, b]));
  }));
  return [...out].slice(0, MAX_FORMS);
}

// search.py: normalise_key and key_word. The two must give the same word.
function normaliseKey(text) {
  return Array.from(text.normalize("NFKC").toLowerCase())
    .map(ch => scripts.t2s[ch] || ch)
    .filter(ch => /[\p{L}\p{N}]/u.test(ch))
    .join("");
}

function fnv1a(bytes, offset) {
  let h = offset >>> 0;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

function keyWord(normalised) {
  const bytes = new TextEncoder().encode(normalised);
  return "ak" + [0x811c9dc5, 0x050c5d1f]
    .map(offset => fnv1a(bytes, offset).toString(36).padStart(7, "0")).join("");
}

// The values a reader typed → the filter values they mean: the same value in any script and
// case, else every value containing it (region:广东 → 广东省).
function resolveFilters(wanted) {
  const out = {};
  for (const name of Object.keys(wanted)) {
    const values = facets.values[name] || [];
    const chosen = new Set();
    for (const typed of wanted[name]) {
      const forms_ = new Set([typed, ...forms(typed)].map(v => v.toLowerCase()));
      const exact = values.filter(v => forms_.has(v.toLowerCase()));
      const partial = values.filter(v => [...forms_].some(f => v.toLowerCase().includes(f)));
      for (const v of (exact.length ? exact : partial)) chosen.add(v);
    }
    if (!chosen.size) return null;  // a filter nothing matches: no results, not all results
    out[name] = { any: [...chosen] };
  }
  return out;
}

/* ---- searching ----------------------------------------------------------------------- */

async function searchAll(query) {
  const { text, filters: wanted } = parse(query);
  const filters = resolveFilters(wanted);
  if (filters === null) return [];
  const searches = [];  // [tier, term]: lower tiers rank first
  const key = normaliseKey(text);
  // quoted: an unknown word would otherwise match the index words it starts with
  if (key.length >= 4 && /\p{N}/u.test(key)) searches.push([0, `"${keyWord(key)}"`]);
  if (text) {
    for (const form of forms(text)) {
      // the words as typed, together, first: a page that has them so ranks above pages that
      // have them apart. (Each shard's index scores its own pages; scores of two shards are
      // only roughly comparable, so an exact match must not depend on them.)
      if (HAN.test(form) || /\s/.test(form)) searches.push([1, `"${form}"`]);
      searches.push([2, form]);
    }
  } else if (Object.keys(filters).length) {
    searches.push([2, null]);  // filters alone: every document they match
  }
  const found = new Map();  // id → {tier, score, result}
  for (const tier of [0, 1, 2]) {
    // Enough exact matches: the looser search would only add results ranked below them, and
    // on a common word it is the slow one.
    if (tier === 2 && found.size >= SHOWN) break;
    const terms = searches.filter(([t]) => t === tier).map(([, term]) => term);
    const answers = await Promise.all(terms.map(term => engine.search(term, { filters })));
    for (const answer of answers) {
      for (const result of (answer && answer.results) || []) {
        const seen = found.get(result.id);
        if (!seen || tier < seen.tier || (tier === seen.tier && result.score > seen.score)) {
          found.set(result.id, { tier, score: result.score, result });
        }
      }
    }
  }
  const ranked = [...found.values()].sort((a, b) => a.tier - b.tier || b.score - a.score);
  return ranked.slice(0, SHOWN);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]);
}

function excerptHtml(data) {
  const excerpt = (data.excerpt || "").replace(KEY_PATTERN, "").trim();
  const meta = data.meta || {};
  const line = [meta.date, meta.agency, meta.doc_number, meta.doc_type].filter(Boolean).map(escapeHtml).join(" · ");
  return (line ? `<p class="archive-search-meta">${line}</p>` : "") + (excerpt ? `<p>${excerpt}</p>` : "");
}

async function answer(query) {
  if (!engine) return [];
  const ranked = await searchAll(query);
  const terms = {};
  const { text } = parse(query);
  if (text) terms[text] = true;  // Material highlights these on the page a result opens
  const datas = await Promise.all(ranked.map(({ result }) => result.data()));
  return datas.map((data, i) => [{
    location: new URL(data.url, siteBase).href,  // Pagefind gives a path from the site's root
    title: escapeHtml((data.meta && data.meta.title) || data.url),
    text: excerptHtml(data),
    score: ranked.length - i,
    terms,
  }]);
}

addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    const config = message.data.config || {};
    lang = (config.archive && config.archive.lang) || lang;
    // Ready at once: what Pagefind needs is fetched when a reader first searches, so a page
    // that is only read downloads none of it.
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const mine = ++latest;
    let items = [];
    try {
      if (message.data.trim()) {
        starting = starting || start();
        await starting;
        items = await answer(message.data);
      }
    } catch (error) {
      console.warn("archive search: query failed", message.data, error);
    }
    if (mine === latest) postMessage({ type: RESULT, data: { items } });
  }
});
