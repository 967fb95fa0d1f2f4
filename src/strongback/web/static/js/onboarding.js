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

  function refresh() {
    for (const question of form.querySelectorAll("[data-ask-if-key]")) {
      const wanted = question.dataset.askIfAny.split(" ").filter(Boolean);
      const given = values(question.dataset.askIfKey);
      question.hidden = wanted.length > 0 && !given.some((v) => wanted.includes(v));
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
  refresh();
})();
