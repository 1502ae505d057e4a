/*
 * leaklab report: draws the charts described by the JSON in #leaklab-charts with uPlot (inlined
 * above). It loads nothing. When done it records what it drew in window.leaklabReport and in
 * data attributes, so a headless browser can check that every chart rendered.
 */
(function () {
  'use strict';
  var status = { charts: 0, rendered: 0, failed: [] };
  window.leaklabReport = status;
  var specs = JSON.parse(document.getElementById('leaklab-charts').textContent);
  status.charts = specs.length;

  var DASH = { SOLID: null, DASHED: [8, 5], DOTTED: [1, 4] };
  var CSS_DASH = { SOLID: 'solid', DASHED: 'dashed', DOTTED: 'dotted' };
  var HEIGHT = 300;

  /* x = 1/(1-q) on a log scale, labelled as the percentile q: 1 -> 0%, 10 -> 90%, 100 -> 99%. */
  function percentile(x) {
    if (x == null || x < 1) return '';
    var p = 100 * (1 - 1 / x);
    return (Math.round(p * 10000) / 10000) + '%';
  }

  function decades(u, axisIdx, min, max) {
    var out = [];
    for (var v = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1)))); v <= max * 1.0001; v *= 10) {
      if (v >= min * 0.9999) out.push(v);
    }
    return out;
  }

  function fmt(v) {
    if (v == null || !isFinite(v)) return '-';
    var a = Math.abs(v);
    if (a >= 100 || a === 0) return v.toFixed(0);
    if (a >= 10) return v.toFixed(1);
    if (a >= 1) return v.toFixed(2);
    return v.toPrecision(3);
  }

  function paddedRange(min, max, fromZero) {
    if (min == null || max == null) return [0, 1];
    if (fromZero) { min = Math.min(0, min); max = Math.max(0, max); }
    if (max === min) return [min - 1, max + 1];
    var pad = (max - min) * 0.08;
    return [min < 0 || !fromZero ? min - pad : min, max + pad];
  }

  function markerDash(spec) {
    return function (u, i) { return i === 0 ? 'solid' : CSS_DASH[spec.series[i - 1].dash] || 'solid'; };
  }

  /* Legend swatches repeat the markers: filled or hollow. */
  function markerFill(spec) {
    return function (u, i) {
      if (i === 0) return 'transparent';
      var s = spec.series[i - 1];
      return s.mark === 'FILLED' ? s.colour : s.mark === 'HOLLOW' ? '#fff' : 'transparent';
    };
  }

  /* Vertical rules (phase boundaries), drawn after the series. */
  function drawRules(rules) {
    return function (u) {
      if (!rules || !rules.length) return;
      var ctx = u.ctx, dpr = window.devicePixelRatio || 1;
      ctx.save();
      ctx.strokeStyle = '#666'; ctx.fillStyle = '#333';
      ctx.lineWidth = dpr; ctx.setLineDash([4 * dpr, 4 * dpr]);
      ctx.font = (11 * dpr) + 'px sans-serif'; ctx.textBaseline = 'top';
      rules.forEach(function (r) {
        var x = Math.round(u.valToPos(r.x, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
        ctx.fillText(r.label, x + 3 * dpr, u.bbox.top + 2 * dpr);
      });
      ctx.restore();
    };
  }

  function lineChart(spec, el) {
    var pct = spec.x.scale === 'PERCENTILE';
    var logX = spec.x.scale !== 'LINEAR';
    var series = [{ label: spec.x.title, value: function (u, v) { return pct ? percentile(v) : fmt(v); } }];
    spec.series.forEach(function (s) {
      series.push({
        label: s.name, stroke: s.colour, width: s.width, dash: DASH[s.dash] || undefined, spanGaps: true,
        value: function (u, v) { return fmt(v); },
        points: s.mark === 'NONE' ? { show: false } :
          { show: true, size: 6, width: 1.5, stroke: s.colour, fill: s.mark === 'HOLLOW' ? '#fff' : s.colour }
      });
    });
    var ruleXs = (spec.rules || []).map(function (r) { return r.x; });
    var opts = {
      width: el.clientWidth || 480, height: HEIGHT,
      scales: {
        x: { time: false, distr: logX ? 3 : 1, log: 10,
             // keep the phase rules in view even where a series starts after them
             range: logX ? undefined : function (u, min, max) {
               min = Math.min.apply(null, [min].concat(ruleXs)); max = Math.max.apply(null, [max].concat(ruleXs));
               var pad = (max - min) * 0.02 || 1;
               return [min - pad, max + pad];
             } },
        y: { range: function (u, min, max) { return paddedRange(min, max, spec.y.fromZero); } }
      },
      axes: [
        { label: spec.x.title, stroke: '#222', grid: { stroke: '#e6e6e6' },
          splits: logX ? decades : undefined,
          values: pct ? function (u, splits) { return splits.map(percentile); } : undefined },
        { label: spec.y.title, stroke: '#222', grid: { stroke: '#e6e6e6' }, size: 60 }
      ],
      series: series,
      legend: { markers: { width: 2, dash: markerDash(spec), fill: markerFill(spec) } },
      hooks: { draw: [drawRules(spec.rules)] }
    };
    return new uPlot(opts, spec.data, el);
  }

  /*
   * Grouped bars: category i at x = i; series j of k at an offset inside the group, so uPlot's bar
   * builder sizes each bar to the spacing of the offsets. Error bars are drawn after the series.
   */
  function barChart(spec, el) {
    var n = spec.categories.length, k = Math.max(1, spec.series.length), w = 0.8 / k;
    var xs = [];
    for (var i = 0; i < n; i++) for (var j = 0; j < k; j++) xs.push(i - 0.4 + w * (j + 0.5));
    var data = [xs];
    var lo = 0, hi = 0;
    spec.series.forEach(function (s, j) {
      data.push(xs.map(function (x, idx) {
        if (idx % k !== j) return null;
        var v = s.values[Math.floor(idx / k)], e = s.errors[Math.floor(idx / k)];
        if (v != null) {
          lo = Math.min(lo, v - (e || 0)); hi = Math.max(hi, v + (e || 0));
        }
        return v;
      }));
    });
    var longLabels = spec.categories.join('').length > 70;
    var series = [{ label: spec.categoryLabel, value: function (u, v) { return v == null ? '-' : spec.categories[Math.round(v)]; } }];
    spec.series.forEach(function (s) {
      series.push({
        label: s.name, stroke: s.colour, width: 1.5,
        fill: s.mark === 'HOLLOW' ? s.colour + '40' : s.colour,
        paths: uPlot.paths.bars({ size: [0.92, 90], align: 0 }),
        points: { show: false },
        value: function (u, v) { return fmt(v); }
      });
    });
    function drawErrors(u) {
      var ctx = u.ctx, dpr = window.devicePixelRatio || 1;
      ctx.save();
      ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5 * dpr;
      var cap = Math.max(2, Math.min(8, (u.bbox.width / Math.max(1, xs.length)) * 0.25));
      spec.series.forEach(function (s, j) {
        if (!u.series[j + 1].show) return;
        for (var i = 0; i < n; i++) {
          var v = s.values[i], e = s.errors[i];
          if (v == null || e == null || !isFinite(e) || e === 0) continue;
          var x = u.valToPos(xs[i * k + j], 'x', true);
          var y1 = u.valToPos(v - e, 'y', true), y2 = u.valToPos(v + e, 'y', true);
          ctx.beginPath();
          ctx.moveTo(x, y1); ctx.lineTo(x, y2);
          ctx.moveTo(x - cap, y1); ctx.lineTo(x + cap, y1);
          ctx.moveTo(x - cap, y2); ctx.lineTo(x + cap, y2);
          ctx.stroke();
        }
      });
      ctx.restore();
    }
    var opts = {
      width: el.clientWidth || 480, height: HEIGHT + (longLabels ? 60 : 0),
      // rotated category labels reach past the last tick: room for them on the right
      padding: [12, longLabels ? Math.min(240, 6 * Math.max.apply(null, spec.categories.map(function (c) { return c.length; }))) : 12, 0, 0],
      scales: {
        x: { time: false, range: [-0.5, Math.max(0.5, n - 0.5)] },
        y: { range: function () { return paddedRange(lo, hi, true); } }
      },
      axes: [
        { label: spec.categoryLabel, stroke: '#222', grid: { show: false },
          splits: function () { return spec.categories.map(function (c, i) { return i; }); },
          values: function (u, splits) { return splits.map(function (i) { return spec.categories[i] || ''; }); },
          rotate: longLabels ? -28 : 0, size: longLabels ? 110 : 50 },
        { label: spec.y.title, stroke: '#222', grid: { stroke: '#e6e6e6' }, size: 60 }
      ],
      series: series,
      cursor: { points: { show: false } },
      legend: { markers: { width: 2 } },
      hooks: { draw: [drawErrors] }
    };
    return new uPlot(opts, data, el);
  }

  var plots = [];
  specs.forEach(function (spec) {
    var el = document.querySelector('[data-chart="' + spec.id + '"]');
    try {
      if (!el) throw new Error('no element for chart ' + spec.id);
      var plot = spec.type === 'bars' ? barChart(spec, el) : lineChart(spec, el);
      plots.push({ el: el, plot: plot });
      // axis titles are drawn on the canvas: record what uPlot was given, for checks
      el.setAttribute('data-axes', JSON.stringify(plot.axes.map(function (a) { return a.label; })));
      el.setAttribute('data-rendered', 'true');
      status.rendered++;
    } catch (e) {
      status.failed.push(spec.id + ': ' + e.message);
      if (el) { el.textContent = 'This chart could not be drawn: ' + e.message; el.className += ' failed'; }
      console.error('leaklab report: chart ' + spec.id + ' failed', e);
    }
  });
  document.documentElement.setAttribute('data-charts', String(status.charts));
  document.documentElement.setAttribute('data-charts-rendered', String(status.rendered));

  var pending = null;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      plots.forEach(function (p) { p.plot.setSize({ width: p.el.clientWidth, height: p.plot.height }); });
    }, 150);
  });
})();
