/*
 * chkc serve: added to every HTML page it serves (never to a built
 * file).  Reloads the page after each good build, and lays the
 * diagnostics of a failed one over it until the next good build.  The
 * overlay is styled through the CSSOM, which the pages' style-src
 * allows, rather than with a style sheet the policy would have to name.
 */
(function () {
	'use strict';
	var gen = document.currentScript.getAttribute('data-gen');
	var box = null;
	var es = new EventSource('/__chkc/events');

	function overlay(text) {
		var s;

		if (box === null) {
			box = document.createElement('pre');
			box.id = 'chkc-serve-errors';
			box.setAttribute('role', 'alert');
			s = box.style;
			s.position = 'fixed';
			s.top = s.left = s.right = s.bottom = '0';
			s.margin = '0';
			s.padding = '1.5em';
			s.overflow = 'auto';
			s.whiteSpace = 'pre-wrap';
			s.font = '14px/1.5 monospace';
			s.background = 'rgba(40, 0, 0, 0.94)';
			s.color = '#fff';
			s.zIndex = '2147483647';
			document.body.appendChild(box);
		}
		box.textContent = 'chkc serve: the build failed; this page is ' +
		    'the last good build.\n\n' + text;
	}

	es.addEventListener('built', function (e) {
		if (e.data !== gen)
			location.reload();
		else if (box !== null) {
			box.remove();
			box = null;
		}
	});
	es.addEventListener('failed', function (e) {
		overlay(e.data);
	});
})();
