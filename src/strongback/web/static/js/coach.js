// strongback camera coach: films the person, sends frames to the local server, shows its feedback.
// The server (`/ws/coach/{id}`) does all the counting and timing; this page only captures frames
// and displays what comes back. One frame is in flight at a time: the next goes after the `state`
// reply to the last, so a slow computer gets fewer frames instead of a growing queue. The set's
// summary is saved through the API (into the player's session when the page came from it).
"use strict";

(function () {
  const root = document.getElementById("coach");
  if (!root) return;
  const $ = (sel) => root.querySelector(sel);
  const FRAME_MS = 1000 / 12; // about twelve frames a second is plenty to follow a movement
  const MAX_WIDTH = 640;
  const MAX_HEIGHT = 480;
  const JPEG_QUALITY = 0.7;

  const view = {
    start: $("#coach-start"),
    stop: $("#coach-stop"),
    status: $("#coach-status"),
    live: $("#coach-live"),
    video: $("#coach-video"),
    canvas: $("#coach-canvas"),
    count: $("#coach-count"),
    hold: $("#coach-hold"),
    framing: $("#coach-framing"),
    feedbackTitle: $("#coach-feedback-title"),
    feedback: $("#coach-feedback"),
    summary: $("#coach-summary"),
    summaryText: $("#coach-summary-text"),
    summaryForm: $("#coach-summary-form"),
    saved: $("#coach-saved"),
  };
  const holds = root.dataset.measure === "hold";

  let stream = null;
  let socket = null;
  let inFlight = false;
  let lastSent = -Infinity;
  let ending = false;
  let timer = null;

  function refused(code) {
    return code === 4409 || code === 4503;
  }

  function say(text) {
    view.status.textContent = text;
  }

  function note(text) {
    view.feedbackTitle.hidden = false;
    const item = document.createElement("li");
    item.textContent = text;
    view.feedback.prepend(item); // newest first; the live region reads each addition
    while (view.feedback.children.length > 8) view.feedback.lastElementChild.remove();
  }

  function stopCamera() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    view.video.srcObject = null;
  }

  function cameraError(error) {
    if (error && error.name === "NotAllowedError") {
      return "The camera was not allowed. Allow it in the browser's address bar and press Start again.";
    }
    if (error && (error.name === "NotFoundError" || error.name === "OverconstrainedError")) {
      return "No camera was found. Plug one in and press Start again.";
    }
    if (error && error.name === "NotReadableError") {
      return "The camera is busy in another program. Close that program and press Start again.";
    }
    return "The camera could not be started" + (error && error.message ? ": " + error.message : ".");
  }

  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser cannot use a camera on this page.");
      return;
    }
    view.start.disabled = true;
    say("Asking for the camera…");
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: MAX_WIDTH }, height: { ideal: MAX_HEIGHT } },
        audio: false,
      });
    } catch (error) {
      say(cameraError(error));
      view.start.disabled = false;
      return;
    }
    view.video.srcObject = stream;
    view.live.hidden = false;
    view.summary.hidden = true;
    view.feedback.replaceChildren();
    view.count.textContent = "0";
    try {
      await view.video.play();
    } catch (_) {
      // Autoplay of a muted video is allowed; if it still refuses, frames are drawn anyway.
    }
    connect();
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(scheme + "//" + location.host + root.dataset.socket);
    socket.binaryType = "arraybuffer";
    ending = false;
    inFlight = false;
    say("Connecting to the coach… the first frame takes a few seconds while the pose model loads.");
    socket.addEventListener("open", () => {
      view.start.hidden = true;
      view.stop.hidden = false;
      tick();
    });
    socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
    socket.addEventListener("close", (event) => {
      stopCamera();
      view.stop.hidden = true;
      view.start.hidden = false;
      view.start.disabled = false;
      // A refusal (4409: see a clinician first, or left out for you; 4503: answers unreadable)
      // was just said in its error message, which must stay on screen.
      if (!ending && !refused(event.code)) say("The connection to the coach closed.");
      socket = null;
    });
  }

  function tick() {
    timer = setTimeout(tick, 15);
    if (inFlight || ending || !socket || socket.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    if (now - lastSent < FRAME_MS || view.video.readyState < 2) return;
    lastSent = now;
    inFlight = true;
    send(now);
  }

  function send(now) {
    const video = view.video;
    const scale = Math.min(1, MAX_WIDTH / video.videoWidth, MAX_HEIGHT / video.videoHeight);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    if (view.canvas.width !== width) view.canvas.width = width;
    if (view.canvas.height !== height) view.canvas.height = height;
    view.canvas.getContext("2d").drawImage(video, 0, 0, width, height);
    view.canvas.toBlob(
      async (blob) => {
        if (!blob || !socket || socket.readyState !== WebSocket.OPEN || ending) {
          inFlight = false;
          return;
        }
        const jpeg = new Uint8Array(await blob.arrayBuffer());
        // The capture time goes first, so the coach times holds by when frames were taken.
        const message = new Uint8Array(8 + jpeg.length);
        new DataView(message.buffer).setFloat64(0, now, true);
        message.set(jpeg, 8);
        socket.send(message);
      },
      "image/jpeg",
      JPEG_QUALITY,
    );
  }

  function handle(message) {
    switch (message.kind) {
      case "state":
        inFlight = false;
        view.count.textContent = String(message.count);
        if (view.hold) view.hold.textContent = message.hold === null ? "–" : message.hold.toFixed(1);
        showFraming(message.framing);
        if (view.status.textContent.startsWith("Connecting")) say("The coach is watching.");
        break;
      case "rep":
        view.count.textContent = String(message.count);
        note("Rep " + message.count + " counted.");
        break;
      case "hold-start":
        note("Holding: keep still.");
        break;
      case "hold-target":
        note("That is the full hold: come down slowly.");
        break;
      case "hold-end":
        view.count.textContent = String(message.count);
        note("Hold " + message.count + ": " + message.seconds.toFixed(1) + " s.");
        break;
      case "form":
        note(message.message);
        break;
      case "framing":
        showFraming(message.message);
        if (message.message) note(message.message);
        break;
      case "error":
        inFlight = false; // a bad frame gets an error instead of a state
        say(message.message);
        if (message.referral) {
          const link = document.createElement("a");
          link.href = message.referral;
          link.textContent = "Read what to do";
          view.status.append(" ", link);
        }
        break;
      case "summary":
        showSummary(message);
        break;
      default:
        break; // "hold" ticks: the state already shows the clock
    }
  }

  function showFraming(text) {
    view.framing.hidden = !text;
    view.framing.textContent = text || "";
  }

  function showSummary(summary) {
    let text;
    if (summary.seen === false) {
      text = "Nobody was seen by the camera, so nothing was counted.";
    } else if (holds) {
      const times = summary.holds.map((s) => s.toFixed(1) + " s").join(", ");
      text = summary.reps + (summary.reps === 1 ? " hold" : " holds") + (times ? ": " + times : "") + ".";
    } else {
      text = summary.reps + (summary.reps === 1 ? " rep" : " reps") + " counted.";
    }
    view.summaryText.textContent = text;
    view.summaryForm.replaceChildren();
    for (const [message, times] of Object.entries(summary.form || {})) {
      const item = document.createElement("li");
      item.textContent = message + (times > 1 ? " (said " + times + " times)" : "");
      view.summaryForm.append(item);
    }
    if (!Object.keys(summary.form || {}).length) {
      const item = document.createElement("li");
      item.textContent = "No form feedback this time.";
      view.summaryForm.append(item);
    }
    view.summary.hidden = false;
    view.live.hidden = true;
    say("Set finished.");
    view.summary.focus();
    save(summary);
  }

  async function save(summary) {
    view.saved.textContent = "Saving the set…";
    const body = {
      exercise_id: root.dataset.exercise,
      reps: summary.reps,
      holds: summary.holds,
      form: summary.form || {},
      seconds: summary.seconds || 0,
    };
    if (root.dataset.session) body.session_id = Number(root.dataset.session);
    try {
      const response = await fetch(root.dataset.save, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(problem(answer.detail) || "error " + response.status);
      view.saved.textContent = answer.message;
    } catch (error) {
      view.saved.textContent = "The set could not be saved: " + error.message;
    }
  }

  function problem(detail) {
    // A refusal's detail is a sentence, or FastAPI's list of field errors.
    if (Array.isArray(detail)) return detail.map((d) => d.msg).join("; ");
    return typeof detail === "string" ? detail : "";
  }

  function stop() {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      stopCamera();
      return;
    }
    ending = true;
    view.stop.disabled = true;
    say("Finishing the set…");
    socket.send(JSON.stringify({ kind: "end" }));
    stopCamera();
    view.stop.disabled = false;
  }

  view.start.addEventListener("click", start);
  view.stop.addEventListener("click", stop);
  window.addEventListener("pagehide", () => {
    stopCamera();
    if (socket) socket.close();
  });
})();
