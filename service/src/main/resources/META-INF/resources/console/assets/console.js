// The console's few behaviours beyond htmx attributes. No inline scripts: the pages' Content-Security-Policy
// allows scripts from this origin only, so nothing rendered from data can run.
(function () {
  'use strict';

  function flash(text) {
    var bar = document.getElementById('flash');
    bar.textContent = text; // text, never markup: refusals quote user input
    bar.hidden = false;
  }

  // A refused action: its problem details (JSON) or the problem page's detail, shown in the flash bar.
  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail.xhr;
    var text = 'HTTP ' + xhr.status + (xhr.statusText ? ' ' + xhr.statusText : '');
    try {
      var type = xhr.getResponseHeader('Content-Type') || '';
      if (type.indexOf('json') >= 0) {
        text = JSON.parse(xhr.responseText).detail || text;
      } else {
        var detail = new DOMParser().parseFromString(xhr.responseText, 'text/html').querySelector('.problem-detail');
        if (detail) {
          text = detail.textContent;
        }
      }
    } catch (ignored) {
      // the status line says enough
    }
    flash(text);
  });

  document.addEventListener('htmx:sendError', function () {
    flash('The service did not answer; try again.');
  });

  document.addEventListener('htmx:beforeRequest', function () {
    document.getElementById('flash').hidden = true;
  });

  // The live marker: on while the page's event stream is open.
  function live(on) {
    var marker = document.getElementById('live-status');
    if (marker) {
      marker.classList.toggle('off', !on);
      marker.textContent = on ? 'live' : 'reconnecting';
    }
  }
  document.addEventListener('htmx:sseOpen', function () { live(true); });
  document.addEventListener('htmx:sseError', function () { live(false); });

  // A page's event stream closes when the page is left: a browser keeps left pages alive for its back button, and
  // their open streams would take up its few connections to this host (six over HTTP/1.1) until none is left. A page
  // shown again from there reloads, to be current and live again.
  var streams = [];
  var createEventSource = htmx.createEventSource;
  htmx.createEventSource = function (url) {
    var stream = createEventSource(url);
    streams.push(stream);
    return stream;
  };
  window.addEventListener('pagehide', function () {
    streams.forEach(function (stream) { stream.close(); });
    streams = [];
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });

  // "Select all on this page" in the stuck list.
  document.addEventListener('change', function (event) {
    if (event.target.matches('[data-select-all]')) {
      document.querySelectorAll('input[name=selected]').forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
  });
}());
