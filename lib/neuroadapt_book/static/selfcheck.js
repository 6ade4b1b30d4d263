/* Self-check questions (neuroadapt.selfcheck): feedback in the page, no kernel, no network.
 *
 * Each <form class="selfcheck"> carries its answer key in data- attributes:
 *   data-selfcheck="numeric": data-answer, data-tolerance
 *   data-selfcheck="choice":  data-correct (index of the right radio button);
 *                             each radio's data-explanation is shown after checking it.
 * On submit (the Check button or Enter) the script compares the reader's answer
 * and writes "Correct — ..." or "Not quite — ..." into the form's aria-live region.
 * The state is also a class on the region (is-correct / is-wrong / is-invalid) that
 * the stylesheet marks with an icon and colour; the words alone carry the meaning.
 */
(function () {
  "use strict";

  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

  /* Same rules as neuroadapt.selfcheck.parse_number. */
  function parseNumber(text) {
    var s = String(text).replace(/[\s\u00a0\u2009\u202f]+/g, "").replace(/\u2212/g, "-");
    if (s.indexOf(",") >= 0 && s.indexOf(".") < 0 && s.split(",").length === 2) {
      s = s.replace(",", ".");
    } else if (s.indexOf(",") >= 0 && s.indexOf(".") >= 0) {
      s = s.replace(/,/g, "");
    }
    if (!NUMBER.test(s)) return NaN;
    var x = parseFloat(s);
    return isFinite(x) ? x : NaN;
  }

  function show(form, state, message) {
    var region = form.querySelector(".selfcheck-feedback");
    if (!region) return;
    region.classList.remove("is-correct", "is-wrong", "is-invalid");
    region.classList.add("is-" + state);
    /* Clear first so that a repeated identical message is announced again. */
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 30);
    form.setAttribute("data-state", state);
  }

  function checkNumeric(form) {
    var input = form.querySelector("input[type=text]");
    var answer = parseFloat(form.getAttribute("data-answer"));
    var tolerance = parseFloat(form.getAttribute("data-tolerance")) || 0;
    var x = parseNumber(input ? input.value : "");
    if (isNaN(x)) {
      if (input) input.setAttribute("aria-invalid", "true");
      show(form, "invalid", "Please type a number (for example 5.2 or 5,2).");
      return;
    }
    if (input) input.removeAttribute("aria-invalid");
    var slack = 1e-9 * Math.max(1, Math.abs(answer));
    if (Math.abs(x - answer) <= tolerance + slack) {
      var right = form.getAttribute("data-feedback-right") || "";
      show(form, "correct", "Correct — the answer is " + form.getAttribute("data-answer-text") + "." +
        (right ? " " + right : ""));
    } else {
      var hint = x > answer ? "Your answer is too high." : "Your answer is too low.";
      var wrong = form.getAttribute("data-feedback-wrong") || "";
      show(form, "wrong", "Not quite — " + hint + (wrong ? " " + wrong : " Try again, or open “Show the answer”."));
    }
  }

  function checkChoice(form) {
    var chosen = form.querySelector("input[type=radio]:checked");
    if (!chosen) {
      show(form, "invalid", "Choose one of the options first.");
      return;
    }
    var why = chosen.getAttribute("data-explanation") || "";
    if (chosen.value === form.getAttribute("data-correct")) {
      show(form, "correct", "Correct — " + (why || "well done."));
    } else {
      show(form, "wrong", "Not quite — " + (why || "try another option."));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var form = event.currentTarget;
    if (form.getAttribute("data-selfcheck") === "numeric") {
      checkNumeric(form);
    } else {
      checkChoice(form);
    }
  }

  function init() {
    var forms = document.querySelectorAll("form.selfcheck");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (form.getAttribute("data-ready") === "true") continue;
      form.setAttribute("data-ready", "true");
      form.addEventListener("submit", onSubmit);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
