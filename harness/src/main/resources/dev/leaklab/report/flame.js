/*
 * leaklab report: the flame graph (an icicle: outermost frame at the top) of the tree in
 * #leaklab-flame, drawn on a canvas. The tree is already aggregated by stack, so its size does not
 * grow with the number of threads. Click a frame to zoom into it, the top bar or "Reset zoom" to
 * zoom out; the search box highlights frames containing its text. It loads nothing. What it drew
 * is recorded in window.leaklabFlame so a headless browser can check it.
 */
(function () {
  'use strict';
  var status = { drawn: false, nodes: 0, visible: 0, zoom: null, drawnAtMs: null, width: 0, height: 0 };
  window.leaklabFlame = status;

  var ROW = 18, FONT = '11.5px ui-monospace, "DejaVu Sans Mono", monospace';
  var host = document.getElementById('flame-graph');
  var detail = document.getElementById('flame-detail');
  var data = JSON.parse(document.getElementById('leaklab-flame').textContent);
  var raw = data.n, n = raw.length / 5, frames = data.frames, diff = data.diff;
  var parent = new Int32Array(n), frame = new Int32Array(n), depth = new Int32Array(n);
  var value = new Float64Array(n), virt = new Float64Array(n), base = new Float64Array(n);
  var childStart = new Int32Array(n).fill(-1), childEnd = new Int32Array(n).fill(-1);
  var maxDepth = 0;
  // parents come before their children, and each node's children are listed together
  for (var i = 0; i < n; i++) {
    parent[i] = raw[5 * i]; frame[i] = raw[5 * i + 1];
    value[i] = raw[5 * i + 2]; virt[i] = raw[5 * i + 3]; base[i] = raw[5 * i + 4];
    if (i > 0) {
      var p = parent[i];
      depth[i] = depth[p] + 1;
      if (depth[i] > maxDepth) maxDepth = depth[i];
      if (childStart[p] < 0) childStart[p] = i;
      childEnd[p] = i + 1;
    }
  }
  status.nodes = n;
  status.hidden = data.hidden;
  var total = value[0];

  var x = new Float64Array(n), w = new Float64Array(n), matched = new Uint8Array(n);
  var zoom = 0, term = '', rows = [];
  var canvas = document.createElement('canvas');
  var tip = document.createElement('div');
  tip.className = 'flame-tip';
  tip.hidden = true;
  host.appendChild(canvas);
  host.appendChild(tip);

  function count(v) { return Math.round(v).toLocaleString('en-US'); }
  function pct(v) { return total > 0 ? (100 * v / total).toFixed(v / total < 0.001 ? 3 : 1) + '%' : '-'; }

  function label(i) {
    if (i === 0) return frames[frame[0]] + ' (' + count(total) + ')';
    return frames[frame[i]];
  }

  /* The frame without its module, then without its package, then cut: the longest that fits. */
  function fit(ctx, text, px) {
    var slash = text.indexOf('/'), paren = text.indexOf('(');
    if (slash >= 0 && (paren < 0 || slash < paren)) text = text.substring(slash + 1);
    if (ctx.measureText(text).width <= px) return text;
    paren = text.indexOf('(');
    var head = paren >= 0 ? text.substring(0, paren) : text;
    var parts = head.split('.');
    if (parts.length > 2) {
      var short = parts.slice(-2).join('.') + (paren >= 0 ? text.substring(paren) : '');
      if (ctx.measureText(short).width <= px) return short;
      text = parts.slice(-2).join('.');
    }
    var chars = Math.floor(px / ctx.measureText('m').width) - 1;
    return chars >= 3 ? text.substring(0, chars) + '…' : '';
  }

  function hash(s) {
    var h = 0;
    for (var k = 0; k < s.length; k++) h = (h * 31 + s.charCodeAt(k)) | 0;
    return Math.abs(h);
  }

  function colour(i) {
    if (term && matched[i]) return 'hsl(300, 70%, 62%)';
    var h = hash(frames[frame[i]]), jitter = h % 10;
    if (diff) {
      var d = value[i] - base[i];
      if (d === 0) return 'hsl(0, 0%, ' + (80 + jitter % 6) + '%)';
      var rel = Math.min(1, Math.abs(d) / Math.max(value[i], base[i], 1));
      var light = 88 - 40 * rel;
      return d > 0 ? 'hsl(5, 80%, ' + light + '%)' : 'hsl(212, 70%, ' + light + '%)';
    }
    // exact: ten platform threads among 100,000 virtual ones still make a frame "both"
    if (value[i] > 0 && virt[i] === value[i]) return 'hsl(' + (196 + jitter * 2) + ', 70%, ' + (66 + jitter % 5 * 2) + '%)';
    if (value[i] > 0 && virt[i] === 0) return 'hsl(' + (30 + jitter * 1.5) + ', 90%, ' + (58 + jitter % 5 * 2) + '%)';
    return 'hsl(0, 0%, ' + (74 + jitter % 5 * 2) + '%)';
  }

  function kindColour(i) {
    return virt[i] === value[i] ? 'hsl(205, 75%, 55%)' : virt[i] === 0 ? 'hsl(36, 95%, 50%)' : 'hsl(0, 0%, 55%)';
  }

  /* x and w as fractions of the canvas: the zoomed node and its ancestors full width. */
  function layout() {
    x.fill(0); w.fill(0);
    for (var a = zoom; a >= 0; a = a === 0 ? -1 : parent[a]) { x[a] = 0; w[a] = 1; }
    var inside = new Uint8Array(n);
    inside[zoom] = 1;
    for (var j = zoom + 1; j < n; j++) inside[j] = inside[parent[j]];
    for (var q = zoom; q < n; q++) {
      if (!inside[q] || childStart[q] < 0 || value[q] <= 0) continue;
      var at = x[q];
      for (var c = childStart[q]; c < childEnd[q]; c++) {
        x[c] = at; w[c] = w[q] * value[c] / value[q]; at += w[c];
      }
    }
  }

  function draw() {
    var width = Math.max(300, host.clientWidth - 2);
    layout();
    rows = [];
    var deepest = 0;
    for (var i = 0; i < n; i++) {
      if (w[i] * width >= 0.5) {
        (rows[depth[i]] = rows[depth[i]] || []).push(i);
        if (depth[i] > deepest) deepest = depth[i];
      }
    }
    var height = (deepest + 1) * ROW, dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = width + 'px'; canvas.style.height = height + 'px';
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT; ctx.textBaseline = 'middle';
    var visible = 0;
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r] || [];
      for (var k = 0; k < row.length; k++) {
        var j = row[k], px = x[j] * width, pw = w[j] * width, y = r * ROW;
        visible++;
        ctx.globalAlpha = term && !matched[j] ? 0.45 : (depth[j] < depth[zoom] ? 0.6 : 1);
        ctx.fillStyle = colour(j);
        ctx.fillRect(px, y, Math.max(0.5, pw - (pw > 3 ? 1 : 0)), ROW - 1);
        if (diff && pw > 3) { // the thread kind, as a strip under each frame: colour is growth here
          ctx.fillStyle = kindColour(j);
          ctx.fillRect(px, y + ROW - 4, pw - 1, 3);
        }
        if (pw > 28) {
          var text = fit(ctx, label(j), pw - 6);
          if (text) { ctx.fillStyle = '#111'; ctx.fillText(text, px + 3, y + ROW / 2); }
        }
      }
    }
    ctx.globalAlpha = 1;
    status.drawn = true; status.visible = visible; status.width = width; status.height = height;
    status.zoom = frames[frame[zoom]]; status.zoomWidthPx = w[zoom] * width;
    status.drawnAtMs = performance.now();
  }

  function at(ev) {
    var box = canvas.getBoundingClientRect();
    var cx = ev.clientX - box.left, cy = ev.clientY - box.top, width = box.width;
    var row = rows[Math.floor(cy / ROW)];
    if (!row) return -1;
    for (var k = 0; k < row.length; k++) {
      var j = row[k];
      if (cx >= x[j] * width && cx < (x[j] + w[j]) * width) return j;
    }
    return -1;
  }

  function describe(i) {
    var s = label(i) + '\n' + count(value[i]) + ' threads (' + pct(value[i]) + ')';
    if (diff) {
      var d = value[i] - base[i];
      s += ' · base ' + count(base[i]) + ' → new ' + count(value[i]) + ' (' + (d > 0 ? '+' : '') + count(d) + ')';
    }
    s += ' · platform ' + count(value[i] - virt[i]) + ', virtual ' + count(virt[i]);
    return s;
  }

  function zoomTo(i) {
    zoom = i < 0 ? 0 : i;
    draw();
    detail.textContent = zoom === 0 ? '' : 'Zoomed into: ' + describe(zoom);
  }

  function search(text) {
    term = text.trim().toLowerCase();
    var sum = 0, out = document.getElementById('flame-match');
    matched.fill(0);
    if (term) {
      for (var i = 0; i < n; i++) {
        if (frames[frame[i]].toLowerCase().indexOf(term) >= 0) {
          matched[i] = 1;
          // count each thread once: not again under a matching ancestor
          var a = parent[i], under = false;
          for (; a >= 0 && !under; a = a === 0 ? -1 : parent[a]) under = matched[a] === 1 && a !== i;
          if (!under) sum += value[i];
        }
      }
      out.textContent = count(sum) + ' threads (' + pct(sum) + ') pass through a matching frame';
    } else {
      out.textContent = '';
    }
    status.matchedThreads = sum;
    draw();
  }

  function legend() {
    var items = diff ? [['hsl(5, 80%, 52%)', 'grew'], ['hsl(212, 70%, 52%)', 'shrank'], ['hsl(0, 0%, 82%)', 'unchanged'],
                        ['hsl(300, 70%, 62%)', 'search match'], ['hsl(36, 95%, 50%)', 'strip: platform'],
                        ['hsl(205, 75%, 55%)', 'strip: virtual']]
                     : [['hsl(36, 90%, 62%)', 'platform'], ['hsl(205, 70%, 70%)', 'virtual'], ['hsl(0, 0%, 78%)', 'both'],
                        ['hsl(300, 70%, 62%)', 'search match']];
    var el = document.getElementById('flame-legend');
    items.forEach(function (it) {
      var sw = document.createElement('span');
      sw.className = 'swatch'; sw.style.background = it[0];
      el.appendChild(sw); el.appendChild(document.createTextNode(it[1]));
    });
    if (data.hidden > 0) el.appendChild(document.createTextNode(' · ' + count(data.hidden) + ' narrowest frames left out'));
  }

  /* For tests and keyboard users: the centre of the first visible frame containing text, in client coordinates. */
  status.locate = function (text) {
    var box = canvas.getBoundingClientRect(), width = box.width;
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r] || [];
      for (var k = 0; k < row.length; k++) {
        var j = row[k];
        if (frames[frame[j]].indexOf(text) >= 0 && w[j] * width > 4) {
          return { x: box.left + (x[j] + w[j] / 2) * width, y: box.top + r * ROW + ROW / 2, frame: frames[frame[j]],
                   widthPx: w[j] * width };
        }
      }
    }
    return null;
  };

  /* For tests: the fill of the first visible frame containing text. */
  status.fillOf = function (text) {
    var at = status.locate(text);
    for (var i = 0; at && i < n; i++) if (frames[frame[i]] === at.frame && w[i] > 0) return colour(i);
    return null;
  };

  canvas.addEventListener('mousemove', function (ev) {
    var i = at(ev);
    if (i < 0) { tip.hidden = true; return; }
    tip.textContent = describe(i);
    tip.hidden = false;
    var box = host.getBoundingClientRect();
    var left = ev.clientX - box.left + 14;
    tip.style.left = Math.min(left, Math.max(0, box.width - 420)) + 'px';
    tip.style.top = (ev.clientY - box.top + 16) + 'px';
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('click', function (ev) {
    var i = at(ev);
    if (i >= 0) zoomTo(i === zoom ? (i === 0 ? 0 : parent[i]) : i);
  });
  document.getElementById('flame-reset').addEventListener('click', function () { zoomTo(0); });
  document.getElementById('flame-search').addEventListener('input', function (ev) { search(ev.target.value); });
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  });

  document.getElementById('flame-controls').hidden = false; // they do nothing without this script
  legend();
  draw();
})();
