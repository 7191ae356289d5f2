// The page's own texts in each language of the bot (issue #17). chat.js switches to the language of
// the bot's latest message; a language without an entry here, or a missing key, shows German.
// Keys: elements with data-ui="key" get the text, data-ui-placeholder / data-ui-label the attribute.
"use strict";

window.LOTSE_UI = {
  de: {
    title: "Integrationslotse NRW – Chat",
    restart: "Neu starten",
    intro: "Antworten zu Integrationsangeboten in NRW und Ihr Kommunales Integrationszentrum (KI).",
    privacyTitle: "Datenschutz:",
    privacy: "Wir speichern das Gespräch und löschen es 90 Tage nach Ihrer letzten Nachricht. Ihre " +
      "Antworten und das Ergebnis einer Prüfung löschen wir schon, wenn die Prüfung endet. Wir geben keine " +
      "Daten an Dritte weiter. Ihren Standort nutzen wir nur, um Ihr KI zu finden. Bewertungen von " +
      "Antworten speichern wir ohne Bezug zu Ihnen.",
    log: "Gesprächsverlauf",
    typing: "Der Lotse schreibt …",
    messageLabel: "Ihre Nachricht",
    placeholder: "Ihre Nachricht …",
    send: "Senden",
    shareLocation: "Standort teilen",
    botPrefix: "Integrationslotse: ",
    userPrefix: "Sie: ",
    newTab: " (öffnet in neuem Tab)",
    choices: "Antwortmöglichkeiten",
    voteQuestion: "Hilfreich?",
    voteGroup: "War diese Antwort hilfreich?",
    voteUp: "Hilfreich",
    voteDown: "Nicht hilfreich",
    voteThanks: "Danke!",
    voteFailed: "Ihre Bewertung konnte nicht gesendet werden. Bitte später noch einmal versuchen.",
    disconnected: "Verbindung unterbrochen – neuer Versuch läuft …",
    noConnection: "Keine Verbindung zum Server – neuer Versuch läuft …",
    myLocation: "Mein Standort (geteilt)",
    locating: "Standort wird ermittelt …",
    noLocation: "Standort nicht verfügbar. Nennen Sie bitte Ihren Ort oder Ihre Postleitzahl.",
  },
  en: {
    title: "Integrationslotse NRW – chat",
    restart: "Start again",
    intro: "Answers about integration services in NRW, and your Municipal Integration Centre " +
      "(Kommunales Integrationszentrum, KI).",
    privacyTitle: "Privacy:",
    privacy: "We store the conversation and delete it 90 days after your last message. We delete your " +
      "answers and the result of a check as soon as the check ends. We do not pass on any data. We use " +
      "your location only to find your KI. We store ratings of answers without any link to you.",
    log: "Conversation",
    typing: "The assistant is writing …",
    messageLabel: "Your message",
    placeholder: "Your message …",
    send: "Send",
    shareLocation: "Share location",
    botPrefix: "Integrationslotse: ",
    userPrefix: "You: ",
    newTab: " (opens in a new tab)",
    choices: "Options",
    voteQuestion: "Helpful?",
    voteGroup: "Was this answer helpful?",
    voteUp: "Helpful",
    voteDown: "Not helpful",
    voteThanks: "Thank you!",
    voteFailed: "Your rating could not be sent. Please try again later.",
    disconnected: "Connection lost – trying again …",
    noConnection: "No connection to the server – trying again …",
    myLocation: "My location (shared)",
    locating: "Finding your location …",
    noLocation: "Location not available. Please type your town or postcode.",
  },
};
window.LOTSE_UI["de-simple"] = window.LOTSE_UI.de;
// Languages written right to left: the page's layout turns round for them.
window.LOTSE_RTL = ["ar", "fa"];
