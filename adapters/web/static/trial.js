// The trial page: three panes talking to the real core; updates arrive by server-sent events.
// Every text is inserted with textContent, never as HTML.
"use strict";

const seen = new Set();
const panes = new Map();
// Messages replayed when the page (re)opens are shown, not read out; only what arrives after is announced.
let live = false;
// What the officer sent that has not reached the server yet, oldest first: sent again when it is back.
const waiting = [];
let flushing = false;
let retryTimer = null;
const RETRY_MS = 3000;
const OFFLINE = "Notalone can't be reached just now. What you type is kept here and sent as soon as it's back.";
const ENDED = "This trial has ended. Reload the page to start a new one.";
const FULL = "This trial has taken all the messages it can. Reload the page to start a new one.";
const UNREACHABLE = "Notalone can't be reached just now. Reload the page to try again.";
const TOO_MANY = "Sorry, no more trials can start from your network just now: it already has as many open " +
  "as one place can. Others in your office may be trying Notalone too. Close a trial tab you no longer need, " +
  "wait a minute, then reload this page.";
const BUSY = "Sorry, every trial is in use just now. Please reload this page in a few minutes.";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setBanner(text) {
  const banner = document.getElementById("trial-status");
  if (!banner) return;
  // Always in the page (a live region that appears with its words is not reliably read); empty when well.
  banner.textContent = text;
}

function addEntry(paneId, mine) {
  const pane = panes.get(paneId);
  if (!pane) return null;
  const item = element("li", mine ? "entry mine" : "entry");
  pane.log.appendChild(item);
  return item;
}

function scrollToEnd(paneId) {
  const pane = panes.get(paneId);
  if (pane) pane.log.scrollTop = pane.log.scrollHeight;
}

function announce(paneId, text) {
  const pane = panes.get(paneId);
  if (!pane) return;
  // Emptied first so that the same words twice are still announced twice.
  pane.announcer.textContent = "";
  window.setTimeout(() => { pane.announcer.textContent = "Notalone to " + pane.name + ": " + text; }, 50);
}

// A choice that can no longer be made: a later question replaced it, its card was answered, or it was
// chosen. Its buttons are disabled (a click on one sends nothing); focus on one goes to the message box.
function retire(paneId, group) {
  if (!group || group.dataset.stale) return;
  group.dataset.stale = "true";
  group.classList.add("stale");
  const hadFocus = group.contains(document.activeElement);
  for (const button of group.querySelectorAll("button")) button.disabled = true;
  if (hadFocus) panes.get(paneId).textarea.focus();
}

function chosen(paneId, action) {
  const pane = panes.get(paneId);
  if (!pane) return;
  const buttons = [...pane.log.querySelectorAll("button.choice")].filter((b) => b.dataset.action === action);
  const button = buttons[buttons.length - 1];
  if (!button) return;
  button.classList.add("chosen");
  retire(paneId, button.closest(".choices"));
}

function showMine(event) {
  const pane = panes.get(event.pane);
  if (!pane) return;
  if (event.chosen) {
    chosen(event.pane, event.chosen);
    return;
  }
  const pending = event.nonce && pane.log.querySelector('[data-nonce="' + CSS.escape(event.nonce) + '"]');
  if (pending) {
    pending.classList.remove("pending");
    pending.querySelector(".waiting")?.remove();
    return;
  }
  const item = addEntry(event.pane, true);
  item.appendChild(element("span", "visually-hidden", pane.name + ": "));
  item.appendChild(element("p", "", event.text));
  scrollToEnd(event.pane);
}

function showMessage(event) {
  const pane = panes.get(event.pane);
  const item = addEntry(event.pane, false);
  if (!item) return;
  if (live) announce(event.pane, event.text);
  // A later message about the same thing (a possible match, a circle) replaces that thing's choices.
  if (event.ref && pane.cards.has(event.ref)) retire(event.pane, pane.cards.get(event.ref));
  const label = element("span", "visually-hidden", "Notalone: ");
  item.appendChild(label);
  for (const line of event.text.split("\n")) item.appendChild(element("p", "", line));
  if (event.attachment) {
    const details = element("details");
    details.appendChild(element("summary", "", event.attachment.filename));
    details.appendChild(element("pre", "", event.attachment.content));
    item.appendChild(details);
  }
  if (event.buttons.length) {
    const group = element("div", "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choices");
    for (const choice of event.buttons) {
      const button = element("button", "choice " + choice.style, choice.label);
      button.type = "button";
      button.dataset.action = choice.action;
      button.addEventListener("click", () => {
        if (group.dataset.stale || button.disabled) return;
        button.classList.add("chosen");
        retire(event.pane, group);
        submit({ pane: event.pane, action: choice.action });
      });
      group.appendChild(button);
    }
    item.appendChild(group);
    // Only the latest question of a pane can be answered; a card stays open until it is answered.
    if (event.ref) {
      pane.cards.set(event.ref, group);
    } else {
      retire(event.pane, pane.question);
      pane.question = group;
    }
  }
  scrollToEnd(event.pane);
}

function nonce() {
  return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
}

// Sends the waiting messages in order; stops at the first that fails and tries again later.
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    while (waiting.length) {
      let response;
      try {
        response = await fetch("/trial/send", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(waiting[0]),
        });
      } catch (_unreachable) {
        response = null;
      }
      if (response && (response.status === 404 || response.status === 429)) {
        waiting.length = 0;
        setBanner(response.status === 404 ? ENDED : FULL);
        return;
      }
      if (!response || response.status >= 500) {
        setBanner(OFFLINE);
        if (retryTimer === null) {
          retryTimer = window.setTimeout(() => { retryTimer = null; flush(); }, RETRY_MS);
        }
        return;
      }
      waiting.shift();
    }
    setBanner("");
  } finally {
    flushing = false;
  }
}

function submit(body) {
  waiting.push({ ...body, nonce: nonce() });
  return flush();
}

function buildPane(pane, template) {
  const section = template.content.firstElementChild.cloneNode(true);
  const headingId = "who-" + pane.id;
  section.setAttribute("aria-labelledby", headingId);
  section.dataset.pane = pane.id;
  const heading = section.querySelector(".who");
  heading.id = headingId;
  heading.textContent = pane.name;
  section.querySelector(".council").textContent = pane.council + " · " + pane.email;
  const textarea = section.querySelector("textarea");
  const label = section.querySelector("label");
  textarea.id = "message-" + pane.id;
  label.htmlFor = textarea.id;
  label.textContent = "Message as " + pane.name;
  const form = section.querySelector("form");
  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    const text = textarea.value;
    if (!text.trim()) return;
    // Shown at once as waiting; the server's copy of it (same nonce) confirms it arrived.
    const body = { pane: pane.id, text: text, nonce: nonce() };
    const item = addEntry(pane.id, true);
    item.classList.add("pending");
    item.dataset.nonce = body.nonce;
    item.appendChild(element("span", "visually-hidden", pane.name + ": "));
    item.appendChild(element("p", "", text));
    item.appendChild(element("p", "waiting small", "Waiting to send"));
    scrollToEnd(pane.id);
    textarea.value = "";
    waiting.push(body);
    flush();
  });
  textarea.addEventListener("keydown", (key) => {
    if (key.key === "Enter" && !key.shiftKey) {
      key.preventDefault();
      form.requestSubmit();
    }
  });
  const log = section.querySelector(".log");
  log.setAttribute("aria-label", "Conversation of " + pane.name + " with Notalone");
  panes.set(pane.id, {
    log: log,
    textarea: textarea,
    name: pane.name,
    announcer: section.querySelector(".announcer"),
    question: null,
    cards: new Map(),
  });
  return section;
}

async function start() {
  const container = document.getElementById("panes");
  let trial;
  let refusal = UNREACHABLE;
  try {
    const response = await fetch("/trial/start", { method: "POST" });
    if (response.status === 429) refusal = TOO_MANY;
    trial = response.ok ? await response.json() : null;
    if (response.status === 503) {
      const said = await response.json().catch(() => ({}));
      if (said.error === "every trial is in use") refusal = BUSY;
    }
  } catch (_unreachable) {
    trial = null;
  }
  if (!trial) {
    document.getElementById("loading").textContent = refusal;
    container.setAttribute("aria-busy", "false");
    return;
  }
  const template = document.getElementById("pane-template");
  const banner = element("p", "banner");
  banner.id = "trial-status";
  banner.setAttribute("role", "status");
  container.replaceChildren(banner, ...trial.panes.map((pane) => buildPane(pane, template)));
  container.setAttribute("aria-busy", "false");
  const events = new EventSource("/trial/events");
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (seen.has(event.seq)) return;
    seen.add(event.seq);
    if (event.mine) showMine(event);
    else showMessage(event);
  };
  events.addEventListener("ready", () => {
    live = true;
    if (waiting.length) flush();
    else setBanner("");
  });
  events.onerror = () => {
    // The browser reconnects by itself and the server replays what was missed ("ready" clears this);
    // it gives up only when the server answers that this trial is gone.
    setBanner(events.readyState === EventSource.CLOSED ? ENDED : OFFLINE);
  };
}

start();
