// The interactive page of an annals timeline. Views (the figure laid out
// for a ladder of windows) wait compressed in #views-data; zooming and
// panning switch between them. No network, no library.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const data = (id) => JSON.parse($(id).textContent);
  const events = data('events-data');
  const sources = data('sources-data');
  const categories = data('categories-data');
  const views = data('views-data');
  const byId = new Map(events.map((e) => [e.id, e]));
  const figure = $('figure');
  const light = figure.querySelector('.view.light');
  const dark = figure.querySelector('.view.dark');
  const first = light.innerHTML;
  const panel = $('panel');
  const search = $('search');
  const tag = $('tag');
  const list = $('events');
  views.forEach((v, i) => {
    v.index = i;
    v.start = Date.parse(v.from);
    v.end = Date.parse(v.to);
  });
  const middle = (v) => (v.start + v.end) / 2;
  const level = (l) => views.filter((v) => v.level === l);
  let current = 0;
  let selected = null;

  // A view's SVG in a theme: inline for the first, else inflated once.
  const cache = new Map();
  function inflated(b64) {
    const bytes = Uint8Array.from(atob(b64.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream);
  }
  const inflate = (b64) => inflated(b64).text();

  // The views' font, subset and packed in the page.
  for (const el of document.querySelectorAll('script[data-font]')) {
    inflated(el.textContent)
      .arrayBuffer()
      .then((buffer) => new FontFace(el.dataset.font, buffer, { weight: el.dataset.weight }).load())
      .then((face) => document.fonts.add(face))
      .catch(() => {});
  }
  // Parsed once and kept: a view shown again is a swap of nodes.
  function nodeOf(i, theme) {
    const key = i + ':' + theme;
    if (!cache.has(key)) {
      const text = i === 0 && theme === 'light' ? Promise.resolve(first) : inflate(views[i][theme]);
      cache.set(
        key,
        text.then((svg) => {
          const t = document.createElement('template');
          t.innerHTML = svg;
          return t.content.firstElementChild;
        }),
      );
    }
    return cache.get(key);
  }
  // Views the reader may go to next are made ready while the page idles.
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 50));
  function prepare(theme) {
    const order = views.map((v) => v.index).sort((a, b) => Math.abs(a - current) - Math.abs(b - current));
    const next = () => {
      const i = order.shift();
      if (i === undefined) return;
      nodeOf(i, theme).then(() => idle(next));
    };
    idle(next);
  }

  // Only the theme the reader's colour scheme shows is drawn.
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const drawn = { light: 0, dark: -1 };
  async function show(i) {
    if (i < 0 || i >= views.length) return;
    const theme = scheme.matches ? 'dark' : 'light';
    if (drawn[theme] !== i) {
      const node = await nodeOf(i, theme);
      (theme === 'dark' ? dark : light).replaceChildren(node);
      drawn[theme] = i;
    }
    current = i;
    $('zoom-in').disabled = level(views[i].level + 1).length === 0;
    $('zoom-out').disabled = views[i].level === 0;
    const same = level(views[i].level);
    $('pan-left').disabled = same[0] === views[i];
    $('pan-right').disabled = same[same.length - 1] === views[i];
    decorateFigure();
    remember();
  }

  // Zoom in towards the fraction `f` of the figure's width.
  function zoomIn(f = 0.5) {
    const v = views[current];
    const t = v.start + Math.min(1, Math.max(0, f)) * (v.end - v.start);
    const next = level(v.level + 1);
    if (!next.length) return;
    const best = next.reduce((a, b) => (Math.abs(middle(b) - t) < Math.abs(middle(a) - t) ? b : a));
    show(best.index);
  }
  function zoomOut() {
    const v = views[current];
    if (v.level === 0) return;
    const t = middle(v);
    const up = level(v.level - 1);
    const best = up.reduce((a, b) => (Math.abs(middle(b) - t) < Math.abs(middle(a) - t) ? b : a));
    show(best.index);
  }
  function pan(step) {
    const same = level(views[current].level);
    const k = same.indexOf(views[current]) + step;
    if (k >= 0 && k < same.length) show(same[k].index);
  }
  const fraction = (clientX) => {
    const r = figure.getBoundingClientRect();
    return (clientX - r.left) / Math.max(1, r.width);
  };

  // Filters, search and the selected event, on the figure and the list.
  // Each event's searchable text is lowered once; states change only when
  // a filter or the search does.
  const haystack = new Map(
    events.map((e) => [e.id, [e.label, e.date, e.description, e.quote, e.caveat].filter(Boolean).join(' ').toLowerCase()]),
  );
  let states = new Map();
  let searching = false;
  function refilter() {
    const on = [...document.querySelectorAll('#categories input')].filter((b) => b.checked).map((b) => b.value);
    const filtering = document.querySelector('#categories input') !== null;
    const q = search.value.trim().toLowerCase();
    searching = q !== '';
    states = new Map(
      events.map((e) => {
        const visible = (!e.category || !filtering || on.includes(e.category)) && (!tag.value || e.tags.includes(tag.value));
        return [e.id, { visible, match: visible && searching && haystack.get(e.id).includes(q) }];
      }),
    );
  }
  function decorateFigure() {
    for (const g of figure.querySelectorAll('.view g[data-event]')) {
      const s = states.get(g.dataset.event);
      if (!s) continue;
      g.classList.toggle('dim', !s.visible || (searching && !s.match));
      g.classList.toggle('match', s.match);
      g.classList.toggle('selected', g.dataset.event === selected);
    }
    let matches = 0;
    if (searching) for (const s of states.values()) matches += s.match ? 1 : 0;
    $('view-name').textContent = views[current].name + (searching ? ` · ${matches} matching` : '');
  }
  // The list item of event `id` shows whether it is the one selected.
  function mark(id) {
    const li = id && document.getElementById('event-' + id);
    if (li) li.parentElement.classList.toggle('selected', id === selected);
  }
  function choose(id) {
    const before = selected;
    selected = id;
    mark(before);
    mark(id);
    decorateFigure();
    remember();
  }
  function decorate() {
    refilter();
    decorateFigure();
    for (const li of list.children) {
      const s = states.get(li.dataset.event);
      if (!s) continue;
      li.classList.toggle('hidden', !s.visible);
      li.classList.toggle('match', s.match);
      li.classList.toggle('selected', li.dataset.event === selected);
    }
  }

  // The panel: what the handout prints for one event.
  function add(parent, tagName, text, cls) {
    const el = document.createElement(tagName);
    if (text !== undefined) el.textContent = text;
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }
  function select(id) {
    const e = byId.get(id);
    if (!e) return;
    panel.replaceChildren();
    add(panel, 'h2', e.label);
    const dl = add(panel, 'dl');
    const row = (term, value) => {
      if (value === null || value === undefined || value === '') return;
      add(dl, 'dt', term);
      add(dl, 'dd', value);
    };
    row('Date', e.date);
    row('First day', e.start === null ? 'open (not known)' : e.start_text);
    row('Last day', e.end === null ? 'open (goes on)' : e.end_text);
    row('Old Style', e.old_style_text);
    row('Precision', e.precision);
    const certainty = [e.certainty, e.approximate ? 'approximate' : '', e.uncertain ? 'uncertain' : '']
      .filter(Boolean)
      .join(', ');
    row('Certainty', certainty);
    const category = categories.find((c) => c.id === e.category);
    row('Category', category ? category.label : e.category);
    row('Tags', e.tags.join(', '));
    if (e.description) add(panel, 'p', e.description);
    if (e.quote) add(panel, 'blockquote', `“${e.quote}”`);
    if (e.caveat) add(panel, 'p', e.caveat, 'caveat');
    if (e.sources.length) {
      add(panel, 'h3', 'Sources');
      const ol = add(panel, 'ul', undefined, 'sources');
      for (const ref of e.sources) {
        const s = sources[ref.id] || {};
        const page = ref.page || s.page;
        const note = s.note ? `Note ${s.note}: ` : '';
        add(ol, 'li', `${note}${s.citation || ref.id}${page ? `, p. ${page}` : ''}`);
      }
    }
    choose(id);
  }

  // The address remembers the view and the event: a link shows both.
  function remember() {
    const parts = [];
    if (current !== 0) parts.push(`view=${current}`);
    if (selected) parts.push(`event=${encodeURIComponent(selected)}`);
    history.replaceState(null, '', parts.length ? `#${parts.join('&')}` : location.pathname + location.search);
  }
  async function restore() {
    const params = new URLSearchParams(location.hash.slice(1));
    const view = Number(params.get('view'));
    await show(Number.isInteger(view) && view > 0 && view < views.length ? view : 0);
    if (params.get('event')) select(params.get('event'));
  }

  // Controls.
  for (const c of categories) {
    if (!events.some((e) => e.category === c.id)) continue;
    const label = add($('categories'), 'label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.value = c.id;
    box.addEventListener('change', decorate);
    label.append(box, ` ${c.label}`);
  }
  if (!$('categories').querySelector('input')) $('categories').hidden = true;
  const tags = [...new Set(events.flatMap((e) => e.tags))].sort();
  for (const t of tags) {
    const o = add(tag, 'option', t);
    o.value = t;
  }
  if (!tags.length) {
    tag.parentElement.hidden = true;
  }
  tag.addEventListener('change', decorate);
  search.addEventListener('input', decorate);
  $('zoom-in').addEventListener('click', () => zoomIn());
  $('zoom-out').addEventListener('click', zoomOut);
  $('pan-left').addEventListener('click', () => pan(-1));
  $('pan-right').addEventListener('click', () => pan(1));
  $('reset').addEventListener('click', () => show(0));
  list.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-event]');
    if (b) select(b.dataset.event);
  });

  // The figure: click or Enter on an event; keys, wheel, drag, pinch and
  // double click to move and zoom.
  let down = null;
  const pointers = new Map();
  let pinch = null;
  figure.addEventListener('pointerdown', (ev) => {
    pointers.set(ev.pointerId, ev.clientX);
    down = { x: ev.clientX, y: ev.clientY };
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = { distance: Math.abs(a - b) || 1, at: fraction((a + b) / 2) };
    }
  });
  figure.addEventListener('pointermove', (ev) => {
    if (!pointers.has(ev.pointerId)) return;
    pointers.set(ev.pointerId, ev.clientX);
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const ratio = (Math.abs(a - b) || 1) / pinch.distance;
      if (ratio > 1.3) {
        zoomIn(pinch.at);
        pinch.distance = Math.abs(a - b) || 1;
      } else if (ratio < 0.75) {
        zoomOut();
        pinch.distance = Math.abs(a - b) || 1;
      }
    }
  });
  const up = (ev) => {
    pointers.delete(ev.pointerId);
    if (pointers.size < 2) pinch = null;
  };
  figure.addEventListener('pointercancel', up);
  figure.addEventListener('pointerup', (ev) => {
    const wasPinch = pinch !== null || pointers.size > 1;
    up(ev);
    if (!down || wasPinch) return;
    const dx = ev.clientX - down.x;
    if (Math.abs(dx) > 60 && Math.abs(dx) > Math.abs(ev.clientY - down.y)) pan(dx > 0 ? -1 : 1);
    else if (Math.abs(dx) < 5) {
      const g = ev.target.closest && ev.target.closest('g[data-event]');
      if (g) select(g.dataset.event);
    }
    down = null;
  });
  figure.addEventListener('dblclick', (ev) => {
    ev.preventDefault();
    if (ev.shiftKey) zoomOut();
    else zoomIn(fraction(ev.clientX));
  });
  let wheelAt = 0;
  figure.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const now = performance.now();
      if (now - wheelAt < 300 || ev.deltaY === 0) return;
      wheelAt = now;
      if (ev.deltaY < 0) zoomIn(fraction(ev.clientX));
      else zoomOut();
    },
    { passive: false },
  );
  figure.addEventListener('keydown', (ev) => {
    const g = ev.target.closest && ev.target.closest('g.event');
    if (g && (ev.key === 'Enter' || ev.key === ' ')) {
      ev.preventDefault();
      select(g.dataset.event);
      return;
    }
    const actions = {
      ArrowLeft: () => pan(-1),
      ArrowRight: () => pan(1),
      '+': () => zoomIn(),
      '=': () => zoomIn(),
      '-': zoomOut,
      Home: () => show(0),
      0: () => show(0),
    };
    if (actions[ev.key]) {
      ev.preventDefault();
      actions[ev.key]();
    }
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && selected) {
      panel.replaceChildren();
      add(panel, 'p', 'No event chosen.', 'hint');
      choose(null);
    }
  });
  scheme.addEventListener('change', () => {
    show(current);
    prepare(scheme.matches ? 'dark' : 'light');
  });
  refilter();
  restore().then(() => prepare(scheme.matches ? 'dark' : 'light'));
})();
