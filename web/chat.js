// Web chat of Integrationslotse NRW: talks to Rasa's socketio channel on the same origin.
"use strict";

(function () {
  const SESSION_KEY = "integrationslotse.session_id";
  // The transcript lives in sessionStorage: a reload keeps it, closing the tab forgets it.
  const TRANSCRIPT_KEY = "integrationslotse.transcript";
  // The language of the bot's latest message: the page's own texts and direction follow it.
  const LANGUAGE_KEY = "integrationslotse.language";
  const UI = window.LOTSE_UI || {};
  const RTL = window.LOTSE_RTL || [];
  const GREET_PAYLOAD = "/greet";
  const RESTART_PAYLOAD = "/restart_conversation";
  // Rasa sends one turn as several bot_uttered events; a quiet gap this long ends the turn.
  const TURN_QUIET_MS = 350;
  const TYPING_LIMIT_MS = 15000;
  const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;
  // Emoji and pictographs with their variation selectors and joiners; © ® ™ are words, not decoration.
  const SYMBOL_PATTERN = /(?:(?![\u00A9\u00AE\u2122])\p{Extended_Pictographic}[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]*)+/gu;

  const chat = document.getElementById("chat");
  // The message list inside the live region #log.
  const log = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const statusLine = document.getElementById("status");
  const typing = document.getElementById("typing");
  let transcript = loadTranscript();
  let language = sessionStorage.getItem(LANGUAGE_KEY) || "de";

  // A text of the page in the conversation's language, German if it has none.
  function ui(key) {
    const texts = UI[language] || {};
    return texts[key] || (UI.de || {})[key] || "";
  }

  function applyLanguage(code) {
    if (typeof code !== "string" || !code) return;
    language = code;
    sessionStorage.setItem(LANGUAGE_KEY, code);
    const root = document.documentElement;
    root.lang = code === "de-simple" ? "de" : code;
    root.dir = RTL.includes(code) ? "rtl" : "ltr";
    for (const element of document.querySelectorAll("[data-ui]")) {
      const text = ui(element.dataset.ui);
      if (text) element.textContent = text;
    }
    for (const element of document.querySelectorAll("[data-ui-placeholder]")) {
      element.placeholder = ui(element.dataset.uiPlaceholder);
    }
    for (const element of document.querySelectorAll("[data-ui-label]")) {
      element.setAttribute("aria-label", ui(element.dataset.uiLabel));
    }
  }
  let typingTimer = null;
  // Bot messages of the turn in progress, shown together once the turn is over.
  let pendingMessages = [];
  let turnTimer = null;
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

  // Transcripts saved before bot turns were grouped hold one bot message per entry.
  function upgradeEntry(entry) {
    if (entry && entry.from === "bot" && !Array.isArray(entry.messages)) {
      return { from: "bot", messages: [{ text: String(entry.text || ""), buttons: entry.buttons || [] }] };
    }
    return entry;
  }

  function loadTranscript() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(TRANSCRIPT_KEY) || "[]");
      return Array.isArray(saved) ? saved.map(upgradeEntry).filter((e) => e && e.from) : [];
    } catch (error) {
      return [];
    }
  }

  function saveTranscript() {
    sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript));
  }

  function visuallyHidden(text) {
    const span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  // Calls onText for the text between matches and onMatch for every match.
  function splitBy(text, pattern, onText, onMatch) {
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      onText(text.slice(last, match.index));
      onMatch(match[0]);
      last = match.index + match[0].length;
    }
    onText(text.slice(last));
  }

  // Screen readers would read "weißes schweres Häkchen": the words next to a symbol carry the meaning.
  function decorativeSymbol(symbol) {
    const span = document.createElement("span");
    span.setAttribute("aria-hidden", "true");
    span.textContent = symbol;
    return span;
  }

  function siteName(url) {
    try {
      return new URL(url).hostname.replace(/^www\./, "");
    } catch (error) {
      return null;
    }
  }

  // The site's name instead of the address: long paths are percent-encoded and unreadable.
  function renderLink(url) {
    const name = siteName(url);
    if (!name) return document.createTextNode(url);
    const link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.append(name, visuallyHidden(ui("newTab")));
    return link;
  }

  // Text with links and hidden symbols, built from nodes only (no HTML from the bot).
  function renderBotText(container, text) {
    const appendWords = (part) => splitBy(part, SYMBOL_PATTERN, (words) => container.append(words),
      (symbol) => container.append(decorativeSymbol(symbol)));
    splitBy(text, URL_PATTERN, appendWords, (url) => container.append(renderLink(url)));
  }

  function renderChoices(buttons) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", ui("choices"));
    for (const choice of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.dir = "auto";
      button.textContent = choice.title;
      button.addEventListener("click", () => send(choice.payload, choice.title));
      group.append(button);
    }
    return group;
  }

  // "Hilfreich? 👍 / 👎" under an answer from the facts. The vote goes to the server as a
  // record of its own (answer and day, nothing about the person), not as a chat message.
  const VOTE_URL = "vote";
  const VOTE_CHOICES = [["up", "👍", "voteUp"], ["down", "👎", "voteDown"]];

  function thanks() {
    const note = document.createElement("p");
    note.className = "vote-thanks";
    note.textContent = ui("voteThanks");
    return note;
  }

  function castVote(message, vote, group) {
    const buttons = group.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    fetch(VOTE_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ unit: message.vote_unit, vote: vote }),
    }).then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      message.voted = true;  // one vote per answer, also after a reload
      saveTranscript();
      group.replaceWith(thanks());
      input.focus();
    }).catch(() => {
      buttons.forEach((b) => { b.disabled = false; });
      setStatus(ui("voteFailed"));
    });
  }

  function renderVotes(message) {
    const group = document.createElement("div");
    group.className = "votes";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", ui("voteGroup"));
    const question = document.createElement("span");
    question.className = "vote-question";
    question.setAttribute("aria-hidden", "true");
    question.textContent = ui("voteQuestion");
    group.append(question);
    for (const [vote, symbol, key] of VOTE_CHOICES) {
      const words = ui(key);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "vote";
      button.dataset.vote = vote;
      button.setAttribute("aria-label", words);
      button.title = words;
      button.append(decorativeSymbol(symbol));
      button.addEventListener("click", () => castVote(message, vote, group));
      group.append(button);
    }
    return group;
  }

  // A turn's buttons answer its last question: the last message that has any.
  function turnButtons(entry) {
    const withButtons = entry.messages.filter((m) => m.buttons && m.buttons.length);
    return withButtons.length ? withButtons[withButtons.length - 1].buttons : [];
  }

  function renderBotTurn(entry, active) {
    const item = document.createElement("li");
    item.className = "msg bot";
    entry.messages.forEach((message, index) => {
      const bubble = document.createElement("p");
      bubble.className = "bubble";
      bubble.dir = "auto";  // Arabic and Dari right to left, whatever the page's direction
      if (typeof message.language === "string") bubble.lang = message.language === "de-simple" ? "de" : message.language;
      if (index === 0) bubble.append(visuallyHidden(ui("botPrefix")));
      renderBotText(bubble, message.text);
      item.append(bubble);
      if (typeof message.vote_unit === "string" && !message.voted) item.append(renderVotes(message));
    });
    const buttons = turnButtons(entry);
    if (active && buttons.length) item.append(renderChoices(buttons));
    return item;
  }

  // The person knows what they just wrote or clicked: the log does not read it back.
  function renderUserMessage(entry) {
    const item = document.createElement("li");
    item.className = "msg user";
    item.setAttribute("aria-live", "off");
    const bubble = document.createElement("p");
    bubble.className = "bubble";
    bubble.dir = "auto";
    bubble.append(visuallyHidden(ui("userPrefix")), entry.text);
    item.append(bubble);
    return item;
  }

  function renderEntry(entry, active) {
    return entry.from === "bot" ? renderBotTurn(entry, active) : renderUserMessage(entry);
  }

  // The start of a new answer at the top: long answers are read from their beginning.
  // The first one leaves the page at the top, so the intro and the privacy note are seen first.
  function scrollToStart(item) {
    const gap = 8;
    if (item === log.firstElementChild) chat.scrollTop = 0;
    else chat.scrollTop += item.getBoundingClientRect().top - chat.getBoundingClientRect().top - gap;
  }

  function scrollToEnd() {
    chat.scrollTop = chat.scrollHeight;
  }

  // Old choices answer questions that are gone: only the newest question keeps its buttons.
  function retireChoices() {
    for (const group of log.querySelectorAll(".choices")) group.remove();
  }

  // One insertion per entry, so the live region announces a whole turn once.
  function addEntry(entry) {
    if (entry.from === "user" || turnButtons(entry).length) retireChoices();
    transcript.push(entry);
    saveTranscript();
    const item = renderEntry(entry, true);
    log.append(item);
    if (entry.from === "bot") scrollToStart(item);
    else scrollToEnd();
  }

  // The same rule as live: the newest buttons stay unless the person has answered since.
  function activeChoicesIndex() {
    for (let i = transcript.length - 1; i >= 0; i--) {
      if (transcript[i].from === "user") return -1;
      if (turnButtons(transcript[i]).length) return i;
    }
    return -1;
  }

  function restoreTranscript() {
    const active = activeChoicesIndex();
    const items = transcript.map((entry, index) => renderEntry(entry, index === active));
    log.append(...items);
    const bots = log.querySelectorAll(".msg.bot");
    if (bots.length) scrollToStart(bots[bots.length - 1]);
  }

  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) {
      scrollToEnd();
      typingTimer = setTimeout(() => {
        endBotTurn();
        showTyping(false);
      }, TYPING_LIMIT_MS);
    }
  }

  function endBotTurn() {
    clearTimeout(turnTimer);
    if (!pendingMessages.length) return;
    const entry = { from: "bot", messages: pendingMessages };
    pendingMessages = [];
    showTyping(false);
    addEntry(entry);
  }

  function receiveBotMessage(message) {
    if (!message || typeof message.text !== "string") return;
    const entry = { text: message.text, buttons: message.quick_replies || [] };
    if (typeof message.vote_unit === "string") entry.vote_unit = message.vote_unit;
    if (typeof message.language === "string") {
      entry.language = message.language;
      if (message.language !== language) applyLanguage(message.language);
    }
    pendingMessages.push(entry);
    clearTimeout(turnTimer);
    turnTimer = setTimeout(endBotTurn, TURN_QUIET_MS);
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
    setStatus(ui("disconnected"));
  });
  socket.on("connect_error", () => setStatus(ui("noConnection")));
  socket.on("session_confirm", (id) => {
    localStorage.setItem(SESSION_KEY, id);
    joined = true;
    while (outbox.length) socket.emit("user_uttered", outbox.shift());
  });
  socket.on("bot_uttered", receiveBotMessage);

  function emitMessage(payload) {
    // The browser's language is a hint: the bot uses it only until the person's own words show one.
    const hint = (navigator.languages && navigator.languages.join(",")) || navigator.language || "";
    const data = { message: payload, session_id: sessionId(), customData: { language_hint: hint.slice(0, 100) } };
    if (joined) socket.emit("user_uttered", data);
    else outbox.push(data);
  }

  // Greeting and restart are the page's own steps, not something the person said.
  function sendHidden(payload) {
    emitMessage(payload);
    showTyping(true);
  }

  function send(payload, shownText) {
    endBotTurn();
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
    clearTimeout(turnTimer);
    pendingMessages = [];
    transcript = [];
    saveTranscript();
    log.replaceChildren();
    sendHidden(RESTART_PAYLOAD);
    input.focus();
  });

  // About 10 m precision is plenty to find the responsible KI.
  function shareLocation(position) {
    const lat = Number(position.coords.latitude.toFixed(4));
    const lon = Number(position.coords.longitude.toFixed(4));
    setStatus("");
    send("/share_location" + JSON.stringify({ lat: lat, lon: lon }), ui("myLocation"));
  }

  function locationFailed() {
    setStatus(ui("noLocation"));
  }

  document.getElementById("share-location").addEventListener("click", () => {
    if (!navigator.geolocation) {
      locationFailed();
      return;
    }
    setStatus(ui("locating"));
    navigator.geolocation.getCurrentPosition(shareLocation, locationFailed,
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });

  if (language !== "de") applyLanguage(language);
  restoreTranscript();
  // A new conversation in this tab starts with the bot's greeting, no "Hallo" needed.
  if (!transcript.length) sendHidden(GREET_PAYLOAD);
})();
