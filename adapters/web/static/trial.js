// The trial page: three panes talking to the real core; updates arrive by server-sent events.
// Every text is inserted with textContent, never as HTML.
"use strict";

const seen = new Set();
const panes = new Map();
// Messages replayed when the page (re)opens are shown, not read out; only what arrives after is announced.
let live = false;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
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

function showMessage(event) {
  const item = addEntry(event.pane, false);
  if (!item) return;
  if (live) announce(event.pane, event.text);
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
      button.addEventListener("click", () => {
        const hadFocus = document.activeElement === button;
        for (const other of group.querySelectorAll("button")) other.disabled = true;
        button.classList.add("chosen");
        // A disabled button cannot keep the focus: hand it to this pane's message box, not to the page.
        if (hadFocus) panes.get(event.pane).textarea.focus();
        send({ pane: event.pane, action: choice.action });
      });
      group.appendChild(button);
    }
    item.appendChild(group);
  }
  scrollToEnd(event.pane);
}

async function send(body) {
  const response = await fetch("/trial/send", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status === 404) {
    alert("This trial has ended. Reload the page to start a new one.");
  }
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
    const item = addEntry(pane.id, true);
    item.appendChild(element("span", "visually-hidden", pane.name + ": "));
    item.appendChild(element("p", "", text));
    scrollToEnd(pane.id);
    textarea.value = "";
    send({ pane: pane.id, text: text });
  });
  textarea.addEventListener("keydown", (key) => {
    if (key.key === "Enter" && !key.shiftKey) {
      key.preventDefault();
      form.requestSubmit();
    }
  });
  const log = section.querySelector(".log");
  log.setAttribute("aria-label", "Conversation of " + pane.name + " with Notalone");
  panes.set(pane.id, { log: log, textarea: textarea, name: pane.name, announcer: section.querySelector(".announcer") });
  return section;
}

async function start() {
  const container = document.getElementById("panes");
  const response = await fetch("/trial/start", { method: "POST" });
  const trial = await response.json();
  const template = document.getElementById("pane-template");
  container.replaceChildren(...trial.panes.map((pane) => buildPane(pane, template)));
  container.setAttribute("aria-busy", "false");
  const events = new EventSource("/trial/events");
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (seen.has(event.seq)) return;
    seen.add(event.seq);
    showMessage(event);
  };
  events.addEventListener("ready", () => { live = true; });
}

start();
