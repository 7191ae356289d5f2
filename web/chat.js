// Web chat of Integrationslotse NRW: talks to Rasa's socketio channel on the same origin.
"use strict";

(function () {
  const SESSION_KEY = "integrationslotse.session_id";
  // The transcript lives in sessionStorage: a reload keeps it, closing the tab forgets it.
  const TRANSCRIPT_KEY = "integrationslotse.transcript";
  const RESTART_PAYLOAD = "/restart_conversation";
  const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

  const chat = document.getElementById("chat");
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const statusLine = document.getElementById("status");
  const typing = document.getElementById("typing");
  let transcript = loadTranscript();
  let typingTimer = null;
  // Messages wait until the server has put this connection into the session's room;
  // socket.io's own buffer would send them before the session_request.
  let joined = false;
  const outbox = [];

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function sessionId() {
    let id = localStorage.getItem(SESSION_KEY);
    if (!id) {
      id = randomId();
      localStorage.setItem(SESSION_KEY, id);
    }
    return id;
  }

  function loadTranscript() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(TRANSCRIPT_KEY) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];
    }
  }

  function saveTranscript() {
    sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript));
  }

  // Text with clickable https links, built from text nodes only (no HTML from the bot).
  function renderText(container, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      container.append(text.slice(last, match.index));
      const link = document.createElement("a");
      link.href = match[0];
      link.textContent = match[0];
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      container.append(link);
      last = match.index + match[0].length;
    }
    container.append(text.slice(last));
  }

  function renderChoices(buttons) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Antwortmöglichkeiten");
    for (const choice of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.title;
      button.addEventListener("click", () => send(choice.payload, choice.title));
      group.append(button);
    }
    return group;
  }

  function renderEntry(entry, active) {
    const item = document.createElement("li");
    item.className = "msg " + entry.from;
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = entry.from === "bot" ? "Integrationslotse: " : "Sie: ";
    const bubble = document.createElement("p");
    bubble.className = "bubble";
    bubble.append(speaker);
    renderText(bubble, entry.text);
    item.append(bubble);
    if (entry.buttons && entry.buttons.length && active) {
      item.append(renderChoices(entry.buttons));
    }
    log.append(item);
    chat.scrollTop = chat.scrollHeight;
  }

  // Old choices answer questions that are gone: only buttons after the last user message stay.
  function retireChoices() {
    for (const group of log.querySelectorAll(".choices")) group.remove();
  }

  function addEntry(entry) {
    if (entry.from === "user") retireChoices();
    transcript.push(entry);
    saveTranscript();
    renderEntry(entry, true);
  }

  function restoreTranscript() {
    const lastUser = transcript.map((e) => e.from).lastIndexOf("user");
    transcript.forEach((entry, index) => renderEntry(entry, index > lastUser));
  }

  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) {
      chat.scrollTop = chat.scrollHeight;
      typingTimer = setTimeout(() => showTyping(false), 15000);
    }
  }

  function setStatus(text) {
    statusLine.textContent = text;
  }

  // WebSocket only: with several Rasa replicas it needs no sticky sessions.
  const socket = io({ transports: ["websocket"] });

  // Joining the session's room again after every (re)connect keeps the conversation.
  socket.on("connect", () => {
    socket.emit("session_request", { session_id: sessionId() });
    setStatus("");
  });
  socket.on("disconnect", () => {
    joined = false;
    setStatus("Verbindung unterbrochen – neuer Versuch läuft …");
  });
  socket.on("connect_error", () => setStatus("Keine Verbindung zum Server – neuer Versuch läuft …"));
  socket.on("session_confirm", (id) => {
    localStorage.setItem(SESSION_KEY, id);
    joined = true;
    while (outbox.length) socket.emit("user_uttered", outbox.shift());
  });
  socket.on("bot_uttered", (message) => {
    showTyping(false);
    if (!message || typeof message.text !== "string") return;
    addEntry({ from: "bot", text: message.text, buttons: message.quick_replies || [] });
  });

  function emitMessage(payload) {
    const data = { message: payload, session_id: sessionId(), customData: {} };
    if (joined) socket.emit("user_uttered", data);
    else outbox.push(data);
  }

  function send(payload, shownText) {
    addEntry({ from: "user", text: shownText });
    emitMessage(payload);
    showTyping(true);
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });

  document.getElementById("restart").addEventListener("click", () => {
    transcript = [];
    saveTranscript();
    log.replaceChildren();
    emitMessage(RESTART_PAYLOAD);
    input.focus();
  });

  // About 10 m precision is plenty to find the responsible KI.
  function shareLocation(position) {
    const lat = Number(position.coords.latitude.toFixed(4));
    const lon = Number(position.coords.longitude.toFixed(4));
    setStatus("");
    send("/share_location" + JSON.stringify({ lat: lat, lon: lon }), "Mein Standort (geteilt)");
  }

  function locationFailed() {
    setStatus("Standort nicht verfügbar. Nennen Sie bitte Ihren Ort oder Ihre Postleitzahl.");
  }

  document.getElementById("share-location").addEventListener("click", () => {
    if (!navigator.geolocation) {
      locationFailed();
      return;
    }
    setStatus("Standort wird ermittelt …");
    navigator.geolocation.getCurrentPosition(shareLocation, locationFailed,
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });

  restoreTranscript();
})();
