// Onboarding niceties; the form works without them. Shows a question only when an earlier answer
// makes it relevant, and keeps "exclusive" choices (like "no pain") alone.
"use strict";
(function () {
  const form = document.querySelector("form.onboarding");
  if (!form) return;
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  function values(key) {
    return Array.from(form.querySelectorAll(`[name="${key}"]:checked`)).map((input) => input.value);
  }

  // The answer to an earlier question as questionnaire.AskIf reads it: the choices ticked, a
  // whole number, or null when unanswered.
  function answer(key) {
    const number = form.querySelector(`input[type="number"][name="${key}"]`);
    if (number) {
      const text = number.value.trim();
      return /^-?\d+$/.test(text) ? Number(text) : null;
    }
    // A group of check boxes is always answered (the form sends it even with none ticked).
    if (form.querySelector(`input[type="checkbox"][name="${key}"]`)) return values(key);
    const given = values(key);
    return given.length ? given : null;
  }

  // questionnaire.AskIf.holds, in the browser; the server asks the same rules whatever is shown.
  function holds(rule) {
    const value = answer(rule.key);
    if (value === null) return rule.if_unanswered;
    if (rule.any_of.length) return Array.isArray(value) && value.some((v) => rule.any_of.includes(v));
    if (rule.min_value !== null && value < rule.min_value) return false;
    return !(rule.max_value !== null && value > rule.max_value);
  }

  function refresh() {
    for (const question of form.querySelectorAll("[data-ask-if]")) {
      const rules = JSON.parse(question.dataset.askIf);
      // Any one reason to ask is enough (clearance: a condition that needs one, or under 16).
      question.hidden = !rules.some(holds);
    }
  }

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type === "checkbox" && input.checked) {
      const group = form.querySelectorAll(`input[type="checkbox"][name="${input.name}"]`);
      for (const other of group) {
        if (other === input) continue;
        if (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
      }
    }
    refresh();
  });
  form.addEventListener("input", (event) => {
    if (event.target.type === "number") refresh();
  });
  refresh();
})();
