// strongback browser player: plays the session timeline computed by the server, step by step.
// It keeps no plan logic of its own: durations, texts, breathing pace and which step completes a set
// all come from the timeline JSON; the pain thresholds come from the server too.
"use strict";

(function () {
  const root = document.getElementById("player");
  if (!root) return;
  const api = root.dataset.api; // "/api/v1"
  const $ = (sel) => root.querySelector(sel);

  const view = {
    start: $("#start"),
    flare: $("#flare"),
    stage: $("#stage"),
    stopped: $("#stopped"),
    finish: $("#finish"),
    afterFlare: $("#after-flare"),
    instruction: $("#instruction"),
    countdown: $("#countdown"),
    position: $("#position"),
    cue: $("#cue"),
    next: $("#next-step"),
    breath: $("#breath"),
    breathLabel: $("#breath-label"),
    exerciseBar: $("#exercise-progress"),
    sessionBar: $("#session-progress"),
    pauseButton: $("#pause"),
    voiceToggle: $("#voice"),
    painDialog: $("#pain-dialog"),
    stopReason: $("#stop-reason"),
    status: $("#status"),
    figure: $("#figure"),
    cameraOffer: $("#camera-offer"),
    cameraLink: $("#camera-link"),
  };
  // Exercises whose catalog entry has a camera check; the camera page records the set itself.
  const checkable = new Set((root.dataset.camera || "").split(" ").filter(Boolean));

  const state = {
    session: null,
    timeline: null,
    speed: 1,
    // Stand-ins until the server's rules arrive with the session, which always carries them.
    painRule: { stop_at: 1, end_session_at: 6, stop_signs: [], stop_advice: "", end_session_advice: "" },
    painBefore: null, // the pain before the session, kept while the flare panel asks
    index: 0,
    // The sets already saved (set_key joined), from the server and from this page: a set is saved
    // once, as the core player records it once, even when Back replays it.
    saved: new Set(),
    // The saved sets themselves (set_key joined -> the record as stored or sent), and the request
    // saving each: pain reported after a set is sent as that set stopped for it, once it is saved.
    savedSets: new Map(),
    saving: new Map(),
    // Exercise indices stopped for pain in this session (from the server on load, and from this
    // page): as in the core's SessionPlayer, no move (start, next, back, resume) enters them again.
    painStopped: new Set(),
    resumeSaved: null, // the resume step last sent to the server
    deadline: null, // absolute time (performance.now ms) at which the current step ends
    pausedLeft: null, // ms left when paused, else null
    frame: null,
    wakeLock: null,
    audio: null,
    spoken: -1,
  };

  // ---------- server ----------
  async function call(method, path, body) {
    const response = await fetch(api + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok && response.status !== 404) {
      const detail = await response.text();
      throw Object.assign(new Error(`${method} ${path}: ${response.status} ${detail}`), {
        status: response.status,
      });
    }
    if (response.status === 204 || response.status === 404) return response.status === 404 ? null : {};
    return response.json();
  }

  function load(payload) {
    state.session = payload.session;
    state.timeline = payload.timeline;
    state.speed = payload.speed || 1;
    state.painRule = payload.pain_rule || state.painRule;
    const stored = payload.session.sets || [];
    state.saved = new Set(stored.map((s) => keyOf([s.exercise_id, s.set_number, s.side])));
    state.savedSets = new Map(stored.map((s) => [keyOf([s.exercise_id, s.set_number, s.side]), s]));
    state.resumeSaved = payload.session.resume_step;
    state.painStopped = new Set(payload.pain_stopped || []);
    // The server says where to start: after the last saved set, even if the stored resume step
    // is older (the same rule as the terminal player's).
    const start = payload.start_step ?? payload.session.resume_step ?? 0;
    state.index = Math.min(start, state.timeline.steps.length - 1);
  }

  const keyOf = (setKey) => (setKey ? setKey.join("|") : null);

  // Saves the set `step` belongs to, unless it is saved already: then nothing is sent.
  function recordSet(step, outcome, extra) {
    const key = keyOf(step.set_key);
    if (key === null || state.saved.has(key)) return Promise.resolve(null);
    state.saved.add(key);
    const held = step.kind === "hold";
    const record = Object.assign(
      {
        exercise_id: step.exercise_id,
        set_number: step.set_number,
        side: step.set_side || "both",
        reps_done: outcome === "done" ? step.reps : Math.max(0, (step.rep || 1) - 1),
        // Only a held exercise records a hold (the server refuses one for any other).
        hold_seconds_done: !held ? null : outcome === "done" ? step.hold_seconds : heldSoFar(step),
        outcome,
        ended_at: new Date().toISOString(),
      },
      extra || {},
    );
    state.savedSets.set(key, record);
    const saving = call("POST", `/sessions/${state.session.id}/sets`, record).then(
      (storedSet) => {
        if (storedSet && storedSet.exercise_id) state.savedSets.set(key, storedSet);
        return storedSet;
      },
      (error) => {
        // Not saved (offline, a server error): a replay of the set may try again. A 409 means
        // the server has this set already, as another player or the camera recorded it.
        if (error.status !== 409) {
          state.saved.delete(key);
          state.savedSets.delete(key);
        }
        throw error;
      },
    );
    state.saving.set(key, saving);
    return saving;
  }

  // Pain reported after a set was saved (in the release after an exercise's last set, or in a
  // set replayed after Back): the saved set is sent again, stopped for that pain, once its own
  // request is over. The server takes this one change (the core's stopped_after), so the next
  // plan steps back from it as from a set stopped part-way.
  async function stopSavedSet(key, level, reason) {
    await (state.saving.get(key) || Promise.resolve()).catch(() => null);
    const savedSet = state.savedSets.get(key);
    if (!savedSet) throw new Error("the set it belongs to was not saved");
    const record = Object.assign({}, savedSet, { outcome: "stopped", pain: level, reason });
    const storedSet = await call("POST", `/sessions/${state.session.id}/sets`, record);
    state.savedSets.set(key, storedSet);
    return storedSet;
  }

  // Seconds of a hold under way when its set stops or is skipped: a stopped hold is not a held one.
  function heldSoFar(which) {
    if (which.kind !== "hold" || which !== step() || state.deadline === null) return 0;
    const held = which.duration_seconds - secondsLeft();
    return Math.round(Math.max(0, Math.min(which.duration_seconds, held)) * 10) / 10;
  }

  // ---------- sound, voice, screen ----------
  function beep() {
    try {
      state.audio = state.audio || new (window.AudioContext || window.webkitAudioContext)();
      const osc = state.audio.createOscillator();
      const gain = state.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, state.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, state.audio.currentTime + 0.25);
      osc.connect(gain).connect(state.audio.destination);
      osc.start();
      osc.stop(state.audio.currentTime + 0.25);
    } catch (_) {
      /* no audio device: the countdown still shows */
    }
  }

  function speak(text) {
    if (!view.voiceToggle.checked || !("speechSynthesis" in window) || !text) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  }

  async function keepAwake(on) {
    try {
      if (on && "wakeLock" in navigator && !state.wakeLock) {
        state.wakeLock = await navigator.wakeLock.request("screen");
      } else if (!on && state.wakeLock) {
        await state.wakeLock.release();
        state.wakeLock = null;
      }
    } catch (_) {
      /* not allowed here: the session still runs */
    }
  }

  // ---------- playing ----------
  const step = () => state.timeline.steps[state.index];
  const msOf = (seconds) => (seconds * 1000) / state.speed;
  // Seconds of the timeline's clock left in the step under way, paused or running.
  const secondsLeft = () =>
    ((state.pausedLeft !== null ? state.pausedLeft : state.deadline - performance.now()) * state.speed) / 1000;

  // `startAt` is the previous step's deadline when a step runs out, so that late frames never
  // push later steps back: every deadline is chained to the session's start, not to 'now'.
  function enter(index, startAt = performance.now()) {
    state.index = playableFrom(index);
    index = state.index;
    const current = step();
    state.pausedLeft = null;
    view.pauseButton.textContent = "Pause";
    state.deadline = current.duration_seconds === null ? null : startAt + msOf(current.duration_seconds);
    if (state.spoken !== index) {
      speak(current.voice);
      state.spoken = index;
    }
    saveResumeStep(resumePoint(index));
    render();
    if (current.kind === "done") finishScreen();
  }

  // Where a reload resumes if the page closes now, as the core decides: right after the last set
  // before this step, so that a set under way starts over and no rep nobody saw is credited.
  // Nor inside an exercise stopped for pain: it resumes past it.
  function resumePoint(index) {
    if (barred(index)) return playableFrom(index);
    for (let i = index - 1; i >= 0; i -= 1) {
      if (state.timeline.steps[i].records_set) return playableFrom(i + 1);
    }
    return playableFrom(0);
  }

  const barred = (index) => state.painStopped.has(state.timeline.steps[index].exercise_index);

  // As the core's Timeline.playable_from: `index`, or the first step after it outside every
  // exercise stopped for pain (at worst the done step).
  function playableFrom(index) {
    const last = state.timeline.steps.length - 1;
    while (index < last && barred(index)) index = nextExerciseStart(index);
    return index;
  }

  // As the core's Timeline.step_back: the nearest earlier step of an exercise not stopped for
  // pain; the step itself when there is none (the first step restarts).
  function stepBack(index) {
    for (let j = index - 1; j >= 0; j -= 1) {
      if (!barred(j)) return j;
    }
    return index;
  }

  // The names of the exercises stopped for pain among steps [from, to), in order, as the core
  // player's notes name them.
  function stoppedNames(from, to) {
    const names = [];
    for (const s of state.timeline.steps.slice(from, to)) {
      const name = s.exercise_name || s.exercise_id || "";
      if (state.painStopped.has(s.exercise_index) && !names.includes(name)) names.push(name);
    }
    return names.join(", ");
  }

  // Positions are sent one after another: two quick moves (next, then back) sent side by side
  // could reach the server in either order and leave the older position stored.
  let positionSent = Promise.resolve();
  function saveResumeStep(resumeAt) {
    if (resumeAt === state.resumeSaved) return;
    state.resumeSaved = resumeAt;
    const path = `/sessions/${state.session.id}/position`;
    positionSent = positionSent.then(() => call("PUT", path, { step: resumeAt }).catch(report));
  }

  function complete(endedAt) {
    // The step ran its full time (or the person pressed next on an until-done step). Saving the
    // set never holds up the next step.
    const current = step();
    beep();
    if (current.records_set) recordSet(current, "done").catch(report);
    if (state.index < state.timeline.steps.length - 1) enter(state.index + 1, endedAt);
  }

  function skip() {
    const current = step();
    if (current.duration_seconds === null) return complete(); // 'next' ends an until-done step
    if (current.set_key) {
      recordSet(current, "skipped", { reason: "skipped by the person" }).catch(report);
      // The rest of this set is skipped too: jump past its last step.
      let last = state.index;
      while (last < state.timeline.steps.length - 1 && !state.timeline.steps[last].records_set) last += 1;
      return enter(Math.min(last + 1, state.timeline.steps.length - 1));
    }
    return enter(Math.min(state.index + 1, state.timeline.steps.length - 1));
  }

  // Back replays the step before, never one of an exercise stopped for pain: it passes over
  // that exercise, or stays put (saying why) when nothing else lies before it. Worded as the
  // terminal player's notes.
  function back() {
    const from = state.index;
    const target = stepBack(from);
    if (target === from && from > 0) {
      view.status.textContent = `Back stays here: ${stoppedNames(0, from)} (stopped for pain) won't be played again.`;
      return;
    }
    const passed = stoppedNames(target + 1, from);
    enter(target);
    view.status.textContent = passed ? `Back skips ${passed} (stopped for pain, not played again).` : "";
  }

  function togglePause() {
    if (step().duration_seconds === null) return;
    if (state.pausedLeft === null) {
      state.pausedLeft = Math.max(0, state.deadline - performance.now());
      view.pauseButton.textContent = "Resume";
      view.status.textContent = "Paused";
    } else {
      state.deadline = performance.now() + state.pausedLeft;
      state.pausedLeft = null;
      view.pauseButton.textContent = "Pause";
      view.status.textContent = "";
    }
  }

  function tick() {
    state.frame = requestAnimationFrame(tick);
    if (!state.timeline || state.pausedLeft !== null || state.deadline === null) {
      renderBreath();
      return;
    }
    if (performance.now() >= state.deadline) {
      complete(state.deadline);
      return;
    }
    renderClock();
  }

  // ---------- pain ----------
  function askPain() {
    if (state.pausedLeft === null) togglePause();
    // Each report starts blank, as the terminal's: no level or kind left over from the last one.
    $("#pain-form").reset();
    view.painDialog.showModal();
  }

  async function painReported(level, kind) {
    const current = step();
    if (level < state.painRule.stop_at) {
      togglePause();
      view.status.textContent = "No pain reported: carry on."; // after resuming, which clears it
      return;
    }
    // Worded as the terminal player words it (the core's PainReport.set_reason), so history
    // reads alike whichever player stopped, and a resumed session can read the kind back.
    const reason = `Stopped for pain ${level}/10${kind ? `, ${kind}` : ""}.`;
    const stopped = painSet(state.index);
    // The exercise the pain is put on (just after an exercise, the one done rather than the one
    // on screen) is never entered again in this session, as the core player bars it.
    const hurt = stopped || current;
    if (hurt.exercise_index !== null && hurt.exercise_index !== undefined) {
      state.painStopped.add(hurt.exercise_index);
    }
    // A reload (a closed tab, a crash) must not bring the person back into what hurt: the session
    // resumes at the next exercise, as the terminal player's does.
    saveResumeStep(resumePoint(state.index));
    state.deadline = null;
    // Named, in the core's words (PainReport.stopped_words): it may not be the one on screen.
    view.stopReason.textContent =
      `You reported pain of ${level}/10${kind ? ` (${kind})` : ""}. ` +
      `${hurt.exercise_name || "This exercise"} is stopped: it won't be played again in this session.`;
    stopHeading(hurt.exercise_name);
    $("#step-back").hidden = true;
    show("stopped");
    offerAfterPain(endAdvised(level, kind));
    const key = stopped ? keyOf(stopped.set_key) : null;
    let saving = Promise.resolve(null);
    if (key !== null && state.saved.has(key)) {
      saving = stopSavedSet(key, level, reason);
    } else if (stopped) {
      // Outside a set the rep under way is the first; inside one, the reps before it were done.
      const at = stopped === current ? current : Object.assign({}, stopped, { rep: 1 });
      saving = recordSet(at, "stopped", { reason, pain: level });
    }
    // The step back is promised only once the stop is saved: progression reads the store.
    const storedSet = await saving.catch(report);
    if (storedSet && storedSet.pain === level) $("#step-back").hidden = false;
  }

  // As the core's pain_ends_session: pain at a flare's level, or pain that spreads, is a sign to
  // stop for today, so ending the session becomes the main action.
  function endAdvised(level, kind) {
    return level >= state.painRule.end_session_at || kind === "spreading";
  }

  // The choices at a stop say what they do, as the core's PlayerState.going_on_to tells the
  // terminal player: going on plays the next exercise not stopped for pain, named; after the
  // last one, finishing the session is all that is left.
  function offerAfterPain(endFirst) {
    const skipButton = $("#skip-exercise");
    const endButton = $("#end-session");
    const following = state.timeline.steps[playableFrom(state.index)];
    const nothingLeft = following.kind === "done";
    skipButton.textContent = nothingLeft ? "Finish the session" : `Go on to ${following.exercise_name}`;
    if (nothingLeft) hideButton(endButton);
    else showButton(endButton);
    // The advice in the core's one wording, the terminal player's (the pain rule carries it).
    $("#stop-advice").textContent = state.painRule.stop_advice;
    $("#end-advice").textContent = state.painRule.end_session_advice;
    $("#end-advised").hidden = !endFirst;
    $("#last-exercise").hidden = !nothingLeft;
    const endMain = endFirst && !nothingLeft;
    skipButton.classList.toggle("secondary", endMain);
    endButton.classList.toggle("secondary", !endMain);
    const main = endMain ? endButton : skipButton;
    main.parentElement.prepend(main);
    main.focus();
    // Focus scrolls to the buttons; what stopped and why must be read first, from the top.
    view.stopped.scrollIntoView({ block: "start" });
  }

  // The set a pain report belongs to, as the core's Timeline.pain_set decides: the set under way;
  // in the lead-in of an exercise not begun (move, intro, get-ready), the last set saved and not
  // skipped of the exercise just done, unless it is stopped for pain already (a rep-counted
  // exercise has no release step: pain a second after its last rep is that exercise's); else
  // outside a set the exercise's next set not saved yet; once all are saved, the last before this
  // step (the release after the last set), else its last, which the pain then stops after the fact.
  function painSet(index) {
    const steps = state.timeline.steps;
    if (steps[index].set_key) return steps[index];
    const exercise = steps[index].exercise_index;
    if (exercise === null || exercise === undefined) return null;
    const span = steps.filter((s) => s.exercise_index === exercise);
    const ends = span.filter((s) => s.records_set);
    const isSaved = (s) => state.saved.has(keyOf(s.set_key));
    const isDone = (s) => isSaved(s) && (state.savedSets.get(keyOf(s.set_key)) || {}).outcome !== "skipped";
    const leadIn = index < span.find((s) => s.set_key).index && !ends.some(isSaved);
    if (leadIn && exercise > 0 && !state.painStopped.has(exercise - 1)) {
      const done = steps.filter((s) => s.exercise_index === exercise - 1 && s.records_set && isDone(s));
      if (done.length) return done[done.length - 1];
    }
    const next = span.find((s) => s.index >= index && s.set_key && !isSaved(s));
    if (next) return next;
    const before = ends.filter((s) => s.index < index);
    return before.length ? before[before.length - 1] : ends[ends.length - 1];
  }

  function stopHeading(name) {
    $("#stop-heading").textContent = name ? `Stop: ${name}` : "Stop this exercise";
  }

  // A session resumed after strong or spreading pain (the server's advised_stop, the core's
  // rule) opens on its stop again, ending first, before anything plays; going on stays a choice.
  function showAdvisedStop(stop) {
    const kind = stop.kind ? ` (${stop.kind})` : "";
    const where = stop.exercise_name ? ` in ${stop.exercise_name}` : "";
    view.stopReason.textContent = `Welcome back. You stopped for pain of ${stop.level}/10${kind}${where}.`;
    stopHeading(stop.exercise_name);
    $("#step-back").hidden = false; // that stop is saved already
    show("stopped");
    offerAfterPain(true);
  }

  // The person's signs besides pain that stop any exercise at once (in pregnancy), from the
  // server's one wording, shown with the safety notice.
  function showStopSigns(element) {
    const signs = state.painRule.stop_signs || [];
    element.textContent = signs.join(" ");
    element.hidden = signs.length === 0;
  }

  // First step of the exercise after the one step `index` belongs to (or the done step), as the
  // core's Timeline.next_exercise_start.
  function nextExerciseStart(index) {
    const steps = state.timeline.steps;
    const current = steps[index].exercise_index;
    for (let i = index + 1; i < steps.length; i += 1) {
      if (steps[i].exercise_index !== current) return i;
    }
    return steps.length - 1;
  }

  // ---------- screens ----------
  function show(name) {
    for (const key of ["start", "flare", "stage", "stopped", "finish", "afterFlare"]) view[key].hidden = key !== name;
    keepAwake(name === "stage");
  }

  function fmt(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : String(s);
  }

  function renderClock() {
    const current = step();
    view.countdown.textContent = current.duration_seconds === null ? "Go" : fmt(secondsLeft());
    renderBreath();
  }

  function renderBreath() {
    if (!state.timeline) return;
    const pace = step().breathing;
    const cycle = pace.inhale_seconds + pace.exhale_seconds;
    const seconds = (performance.now() * state.speed) / 1000;
    const into = seconds % cycle;
    const inhaling = into < pace.inhale_seconds;
    const fraction = inhaling ? into / pace.inhale_seconds : 1 - (into - pace.inhale_seconds) / pace.exhale_seconds;
    view.breath.style.transform = `scale(${0.6 + 0.4 * fraction})`;
    view.breathLabel.textContent = inhaling ? "Breathe in (nose)" : "Breathe out (mouth)";
  }

  function showFigure(current) {
    // The figure follows the exercise; an exercise without key poses simply shows none.
    const wanted = current.exercise_id ? `/figures/${current.exercise_id}.svg` : "";
    if (view.figure.dataset.src === wanted) return;
    view.figure.dataset.src = wanted;
    view.figure.hidden = true;
    if (!wanted) return;
    view.figure.onload = () => (view.figure.hidden = false);
    view.figure.onerror = () => (view.figure.hidden = true);
    view.figure.alt = `${current.exercise_name}: how it moves`;
    view.figure.src = wanted;
  }

  function offerCamera(current) {
    const offered = current.kind !== "done" && checkable.has(current.exercise_id);
    view.cameraOffer.hidden = !offered;
    if (offered) {
      view.cameraLink.href = `/coach/${encodeURIComponent(current.exercise_id)}?session=${state.session.id}`;
    }
  }

  function render() {
    const current = step();
    showFigure(current);
    offerCamera(current);
    const steps = state.timeline.steps;
    view.instruction.textContent = current.text;
    const parts = [];
    if (current.exercise_name) parts.push(current.exercise_name);
    if (current.set_number && current.sets) parts.push(`Set ${current.set_number} of ${current.sets}`);
    if (current.rep && current.reps) parts.push(`Rep ${current.rep} of ${current.reps}`);
    if (current.side && current.side !== "both") parts.push(`${current.side} side`);
    view.position.textContent = parts.join(" · ");
    view.cue.textContent = current.cue || "";
    // The step a forward move lands on: never one of an exercise stopped for pain.
    const upcoming = state.index + 1 < steps.length ? steps[playableFrom(state.index + 1)] : null;
    view.next.textContent = upcoming ? `Next: ${upcoming.text}` : "";
    view.sessionBar.value = state.index;
    view.sessionBar.max = steps.length - 1;
    const span = steps.filter((s) => s.exercise_index === current.exercise_index && current.exercise_index !== null);
    if (span.length) {
      view.exerciseBar.max = span.length;
      view.exerciseBar.value = state.index - span[0].index + 1;
    }
    renderClock();
  }

  function finishScreen() {
    state.deadline = null;
    show("finish");
  }

  function report(error) {
    view.status.textContent = `Could not save: ${error.message}. Your session continues.`;
  }

  // ---------- wiring ----------
  function bind() {
    $("#start-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const pain = new FormData(event.target).get("pain_before");
      const painBefore = pain === "" ? null : Number(pain);
      // At a flare's level the person chooses first: the stretches only, or no session today.
      if (painBefore !== null && painBefore >= state.painRule.end_session_at) return offerStretches(painBefore);
      await startSession(painBefore);
    });
    $("#stretches-only").addEventListener("click", () => startSession(state.painBefore).catch(refusedStretches));
    $("#stop-today").addEventListener("click", stopForToday);
    view.pauseButton.addEventListener("click", togglePause);
    $("#skip").addEventListener("click", skip);
    $("#back").addEventListener("click", back);
    $("#pain").addEventListener("click", askPain);
    $("#quit").addEventListener("click", () => finishScreen());
    // The dialog closes by Report, Cancel or Escape; all three end here, so none of them can
    // leave the focus inside the hidden dialog (where the keys are ignored) or the session paused.
    view.painDialog.addEventListener("close", () => {
      const action = view.painDialog.returnValue; // "report", "cancel", or "" after Escape
      view.painDialog.returnValue = "";
      $("#pain").focus();
      if (action === "report") {
        const data = new FormData($("#pain-form"));
        painReported(Number(data.get("level")), data.get("kind")); // kind: null when left unsaid
      } else if (state.pausedLeft !== null) {
        togglePause();
      }
    });
    $("#skip-exercise").addEventListener("click", () => {
      show("stage");
      view.status.textContent = ""; // the pause for the pain report is over
      // Past every exercise stopped for pain (the one that hurt among them), or where a resumed
      // session starts; the done step when nothing is left.
      enter(state.index);
      if (state.frame === null) tick();
    });
    $("#end-session").addEventListener("click", () => finishScreen());
    $("#finish-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      const completed = step().kind === "done";
      const finished = await call("POST", `/sessions/${state.session.id}/finish`, {
        status: completed ? "completed" : "ended-early",
        pain_after: data.get("pain_after") === "" ? null : Number(data.get("pain_after")),
        difficulty: data.get("difficulty") || null,
      });
      // Pain after the session at the person's flare level: the server's advice is read before
      // going on, as the terminal says it after the answer.
      if (finished && finished.flare_advice) return showAfterFlare(finished.flare_advice);
      window.location.assign(root.dataset.after || "/progress");
    });
    document.addEventListener("keydown", (event) => {
      if (view.stage.hidden || view.painDialog.open || event.target.closest("input, select, textarea")) return;
      const actions = { " ": togglePause, n: skip, b: back, p: askPain, q: finishScreen };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
  }

  // The server starts the stretches only for a pain at a flare's level (the one rule, shared
  // with the terminal player), so the browser sends the pain and plays what comes back.
  async function startSession(painBefore) {
    const payload = await call("POST", "/sessions", { pain_before: painBefore });
    load(payload);
    showStopSigns($("#stop-signs"));
    // Another tab may have left a session at a strong stop: it opens on that stop, as a reload.
    if (payload.advised_stop) return showAdvisedStop(payload.advised_stop);
    begin();
  }

  function offerStretches(painBefore) {
    state.painBefore = painBefore;
    // Worded by the server, as the terminal player words it, for each pain at a flare's level.
    const reason = $("#flare-reason");
    reason.textContent = JSON.parse(reason.dataset.reasons || "{}")[painBefore] || "";
    show("flare");
    $("#stretches-only").focus();
  }

  // A 409: today's plan has no stretches, so there is nothing gentle enough to play, and the
  // day stops here, saved, as the terminal player stops it without asking.
  function refusedStretches(error) {
    if (error.status !== 409) return report(error);
    $("#flare-refused").hidden = false;
    return stopForToday();
  }

  // The person stops for today at a flare: the server saves the day with its pain (the plan
  // steps back from it, and Today says so for the rest of the day) and words what is said.
  async function stopForToday() {
    for (const id of ["#stretches-only", "#stop-today"]) hideButton($(id));
    const words = $("#flare-stopped-words");
    try {
      const stopped = await call("POST", "/sessions/stop-for-today", { pain_before: state.painBefore });
      // null: no answers saved yet (a 404), so nothing could be kept.
      words.textContent = stopped ? stopped.message : "Could not save it: answer the setup questions first.";
    } catch (error) {
      words.textContent = `Could not save it: ${error.message}.`;
    }
    $("#flare-stopped").hidden = false;
    $("#flare-stopped a").focus();
  }

  function showAfterFlare(advice) {
    $("#after-flare-advice").textContent = advice;
    show("afterFlare");
    $("#after-flare-next").href = root.dataset.after || "/progress";
    $("#after-flare-next").focus();
  }

  // A button sets a display of its own, which beats the hidden attribute in our stylesheet.
  function hideButton(button) {
    button.hidden = true;
    button.style.display = "none";
  }

  function showButton(button) {
    button.hidden = false;
    button.style.display = "";
  }

  function begin() {
    show("stage");
    enter(state.index);
    if (state.frame === null) tick();
  }

  // The session to resume, or null. Asked for only when one is in progress: the API answers 404
  // when there is none, which the browser would log as an error on every visit to this page.
  async function unfinishedSession() {
    const sessions = await call("GET", "/sessions");
    const inProgress = Array.isArray(sessions) && sessions.some((s) => s.status === "in-progress");
    return inProgress ? call("GET", "/sessions/current") : null;
  }

  async function boot() {
    bind();
    const payload = await unfinishedSession();
    if (payload) {
      load(payload);
      showStopSigns($("#stop-signs"));
      if (payload.advised_stop) return showAdvisedStop(payload.advised_stop);
      view.status.textContent = state.index > 0 ? "Welcome back: resuming where you stopped." : "";
      begin();
    } else {
      // The levels come from the server's rules; the defaults above stand in if it cannot say.
      state.painRule = (await call("GET", "/sessions/pain-rule").catch(() => null)) || state.painRule;
      showStopSigns($("#start-stop-signs"));
      show("start");
    }
  }

  boot().catch(report);
})();
