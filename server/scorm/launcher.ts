/**
 * The SCO inside a SCORM 1.2 package (decision 038): a page and a script that run in the LMS, in
 * the LMS's origin. The script finds the LMS's SCORM API as the SCORM 1.2 Run-Time Environment
 * says (window.API in this window, its parents, then its opener's), reads the learner, asks
 * Frontline for a one-time ticket, and offers a button that opens Frontline in a window of its own
 * (Frontline runs in no other site's frame). While the learner plays, it asks Frontline every few
 * seconds how the attempt stands; when it has ended it reports the status and score to the LMS.
 *
 * Plain ES5 with no dependencies: LMSs show packages in whatever browser the learner has.
 */

/** The learner secret's prefix in cmi.suspend_data, which holds nothing else. */
export const SUSPEND_PREFIX = 'frontline:';

/** How often the launcher asks Frontline how the attempt stands. */
export const STATUS_POLL_MS = 4_000;

export const LAUNCHER_SCRIPT = `(function () {
  'use strict';
  var config = window.FRONTLINE_PACKAGE;
  var statusLine = document.getElementById('status');
  var openForm = document.getElementById('open');
  var started = false;
  var finished = false;
  var api = null;

  function say(text) { statusLine.textContent = text; }

  // SCORM 1.2 RTE 3.3.6.1: the API is an object named API in this window or one of its parents
  // (or the opener's): frames of another origin are skipped.
  function findIn(win) {
    for (var tries = 0; win && tries < 500; tries += 1) {
      try { if (win.API) return win.API; } catch (e) { /* another origin */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function findApi() {
    var found = findIn(window);
    if (!found && window.top && window.top.opener) found = findIn(window.top.opener);
    if (!found && window.opener) found = findIn(window.opener);
    return found;
  }

  function lmsError() {
    var code = api.LMSGetLastError();
    return code + ' ' + api.LMSGetErrorString(code);
  }

  function set(element, value) {
    if (String(api.LMSSetValue(element, value)) !== 'true') throw new Error('The LMS did not take ' + element + ' (' + lmsError() + ').');
  }

  function finish(result) {
    if (finished) return;
    finished = true;
    try {
      set('cmi.core.score.min', '0');
      set('cmi.core.score.max', '100');
      set('cmi.core.score.raw', String(result.scoreRaw));
      set('cmi.core.lesson_status', result.lessonStatus);
      api.LMSCommit('');
      api.LMSFinish('');
      openForm.hidden = true;
      say(result.summary + ' Your result has been sent to your course. You can close this page.');
    } catch (error) {
      say(error.message);
    }
  }

  function watch(statusUrl) {
    var timer = setInterval(function () {
      fetch(statusUrl, { cache: 'no-store' })
        .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
        .then(function (answer) {
          if (!answer.ok) { clearInterval(timer); say(answer.body.error ? answer.body.error.message : 'Frontline could not say how your attempt stands.'); return; }
          if (answer.body.state === 'finished') { clearInterval(timer); finish(answer.body); }
        })
        .catch(function () { /* offline for a moment: ask again next time */ });
    }, ${STATUS_POLL_MS});
  }

  // Leaving before the attempt ends: the LMS keeps the activity incomplete, with the session closed properly.
  window.addEventListener('pagehide', function () {
    if (finished || !started) return;
    finished = true;
    api.LMSCommit('');
    api.LMSFinish('');
  });

  api = findApi();
  if (!api) { say('This page did not find the LMS it runs in (no SCORM 1.2 API). Open it from your course.'); return; }
  if (String(api.LMSInitialize('')) !== 'true') { say('The LMS did not start this activity (' + lmsError() + '). Open it again from your course.'); return; }
  started = true;
  var suspended = api.LMSGetValue('cmi.suspend_data') || '';
  if (api.LMSGetValue('cmi.core.lesson_status') === 'not attempted') api.LMSSetValue('cmi.core.lesson_status', 'incomplete');

  fetch(config.origin + '/api/scorm/launch', {
    method: 'POST',
    // text/plain keeps this a simple cross-origin request: no preflight, no cookies.
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    credentials: 'omit',
    body: JSON.stringify({
      packageId: config.packageId,
      key: config.key,
      studentId: api.LMSGetValue('cmi.core.student_id'),
      studentName: api.LMSGetValue('cmi.core.student_name'),
      learnerSecret: suspended.indexOf('${SUSPEND_PREFIX}') === 0 ? suspended.slice(${SUSPEND_PREFIX.length}) : null
    })
  })
    .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
    .then(function (answer) {
      if (!answer.ok) { say(answer.body.error ? answer.body.error.message : 'Frontline refused this launch.'); return; }
      if (answer.body.learnerSecret) set('cmi.suspend_data', '${SUSPEND_PREFIX}' + answer.body.learnerSecret);
      api.LMSCommit('');
      openForm.action = config.origin + '/api/scorm/open';
      openForm.elements.ticket.value = answer.body.ticket;
      openForm.hidden = false;
      say('Frontline opens in a window of its own. Keep this page open: when you finish, your result comes back here.');
      openForm.querySelector('button').focus();
      watch(config.origin + '/api/scorm/status?token=' + encodeURIComponent(answer.body.statusToken));
    })
    .catch(function (error) { say('Frontline could not be reached (' + error.message + '). Check your connection and open the activity again.'); });
})();
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The SCO's page: a heading, a live status line and the button that opens Frontline. */
export function launcherPage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Frontline</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;color:#0f172a;background:#f8fafc;line-height:1.5}main{max-width:40rem}h1{font-size:1.4rem;margin:0 0 .75rem}button{font:inherit;margin-top:.75rem;padding:.6rem 1.1rem;border-radius:.375rem;border:0;background:#1d4ed8;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}[hidden]{display:none}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p id="status" role="status">Connecting to Frontline…</p>
<form id="open" method="post" target="_blank" hidden>
<input type="hidden" name="ticket" value="">
<button type="submit">Open Frontline</button>
</form>
</main>
<script src="config.js"></script>
<script src="launcher.js"></script>
</body>
</html>
`;
}
