// Quality dashboard: plain JS against trace-api. Live violations over an SSE stream read with
// fetch; unit and lot lookups. Every call carries "Authorization: Bearer <token>": EventSource
// cannot send that header, so the stream is read from fetch's body instead.
"use strict";

const $ = (id) => document.getElementById(id);
const esc = (text) => String(text ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const MAX_ROWS = 200;

// Times are shown as "2026-12-07 14:03:05 UTC": with the date and the zone, the same on every
// screen whatever the browser's locale or zone (a record is read by people in several plants).
// The API's times are ISO-8601 instants; an absent one shows as "–".
function formatTime(iso) {
  if (!iso) return "–";
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return String(iso);
  return time.toISOString().slice(0, 19).replace("T", " ") + " UTC";
}

// --- the bearer token -------------------------------------------------------------
// Development: pasted into the header form and kept in sessionStorage (this tab only). Production
// puts an OIDC login in front of the page and hands the token over instead (README, "Dashboard").
const TOKEN_KEY = "serialtrace.token";
const token = () => sessionStorage.getItem(TOKEN_KEY) || "";

function showWho() {
  const who = $("token-who");
  const t = token();
  if (!t) { who.textContent = "no token"; return; }
  try {
    // Display only: the server verifies the token, the page just says whose it is.
    const claims = JSON.parse(atob(t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    who.textContent = `${claims.name || claims.sub} · ${(claims.groups || []).join(",")}`
      + ` · plants ${(claims.plants || []).join(",")}`;
  } catch (e) {
    who.textContent = "token set";
  }
}

function authHeaders(accept) {
  return { Accept: accept, Authorization: `Bearer ${token()}` };
}

async function authFetch(url, accept, signal) {
  const response = await fetch(url, { headers: authHeaders(accept), signal });
  if (response.status === 401) {
    setStatus("token rejected: paste a new one", false);
  }
  return response;
}

async function getJson(url) {
  const response = await authFetch(url, "application/json");
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.title ? `${body.title}: ${body.detail}` : `HTTP ${response.status}`);
  }
  return body;
}

// Opens what a plain link cannot fetch (it would go without the header): the printable record in
// a new tab, the CSV as a download.
async function openWithToken(url, accept, filename) {
  const response = await authFetch(url, accept);
  if (!response.ok) { alert(`HTTP ${response.status}`); return; }
  const href = URL.createObjectURL(await response.blob());
  if (filename) {
    const a = document.createElement("a");
    a.href = href;
    a.download = filename;
    a.click();
  } else {
    window.open(href, "_blank");
  }
  setTimeout(() => URL.revokeObjectURL(href), 60000);
}

function setStatus(text, on) {
  const status = $("feed-status");
  status.textContent = text;
  status.className = "status " + (on ? "on" : "off");
}

// --- live violations -------------------------------------------------------
// One row per violation: a later state of it (DISPOSITIONED, ACKNOWLEDGED, EXPIRED,
// CLOSED_WITH_UNIT) replaces the row it already has, so its status column says how it stands.
function addViolation(v, fresh) {
  const row = document.createElement("tr");
  row.dataset.violationId = v.violationId;
  row.dataset.serial = v.serial;
  if (fresh) row.className = "new";
  row.innerHTML = `<td>${esc(formatTime(v.detectedAt))}</td><td>${esc(v.plant)}</td>
    <td>${esc(v.station)}</td><td><a href="#" class="unit-link">${esc(v.serial)}</a></td>
    <td>${esc(v.code)}</td><td class="${esc(v.severity)}">${esc(v.severity)}</td>
    <td class="violation-status ${esc(v.status)}">${esc(v.status)}${v.endedAt
      ? `<br><small>${esc(formatTime(v.endedAt))}</small>` : ""}</td><td>${esc(v.detail)}</td>`;
  row.querySelector(".unit-link").addEventListener("click", (e) => {
    e.preventDefault();
    showUnit(v.serial);
  });
  const body = $("violations");
  const known = [...body.children].find((r) => r.dataset.violationId === v.violationId);
  if (known && !fresh) return;
  if (known) known.remove();
  body.insertBefore(row, fresh ? body.firstChild : null);
  while (body.children.length > MAX_ROWS) body.removeChild(body.lastChild);
}

async function loadRecent() {
  try {
    const page = await getJson("/v1/violations?limit=20");
    page.items.forEach((v) => addViolation(v, false));
  } catch (e) {
    console.warn("recent violations unavailable", e);
  }
}

// The SSE stream read from fetch's body: events are separated by a blank line; "event:" names
// one, "data:" lines carry it, lines starting with ":" are heartbeats.
let feed = null;

function onSseEvent(name, data) {
  if (name === "ready") {
    setStatus(data === "LIVE" ? "live" : `feed ${data.toLowerCase()}`, data === "LIVE");
  } else if (name === "violation") {
    addViolation(JSON.parse(data), true);
  }
}

async function readFeed(signal) {
  const response = await authFetch("/v1/violations/stream", "text/event-stream", signal);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = text;
        else if (field === "data") data.push(text);
      }
      if (data.length) onSseEvent(name, data.join("\n"));
    }
  }
}

function connectFeed() {
  if (feed) feed.abort();
  const controller = new AbortController();
  feed = controller;
  setStatus("connecting…", false);
  const loop = async () => {
    while (!controller.signal.aborted && token()) {
      try {
        await readFeed(controller.signal);
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      if ($("feed-status").textContent.startsWith("token rejected")) return;
      setStatus("reconnecting…", false);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  };
  loop();
}

// --- unit lookup: summary, record, genealogy tree ------------------------------
function tree(edges, root) {
  const byParent = new Map();
  edges.forEach((e) => {
    if (!byParent.has(e.parent)) byParent.set(e.parent, []);
    byParent.get(e.parent).push(e);
  });
  const seen = new Set([root]);
  const render = (node) => {
    const children = byParent.get(node) || [];
    if (!children.length) return "";
    return "<ul class=\"tree\">" + children.map((e) => {
      const again = seen.has(e.child);
      seen.add(e.child);
      return `<li class="${e.installed ? "" : "removed"}">${esc(e.child)} <small>${esc(e.part)}
        · ${esc(e.childKind)} · ${esc(e.plant)}${again ? " · (seen above)" : ""}</small>
        ${again ? "" : render(e.child)}</li>`;
    }).join("") + "</ul>";
  };
  return render(root);
}

async function showUnit(serial) {
  const out = $("unit-result");
  $("unit-serial").value = serial;
  out.innerHTML = "loading…";
  try {
    const encoded = encodeURIComponent(serial);
    const [record, genealogy] = await Promise.all([
      getJson(`/v1/units/${encoded}/record`),
      getJson(`/v1/units/${encoded}/genealogy?direction=down`),
    ]);
    const u = record.unit;
    const chain = record.chain;
    out.innerHTML = `
      <p id="unit-summary"><b>${esc(u.serial)}</b> · ${esc(u.product)} rev ${esc(u.routeRevision)}
        · WO ${esc(u.workOrder)} · plant ${esc(u.plant)} · <b>${esc(u.state)}</b>
        · open violations ${u.openViolationCount}
        · open notices ${u.openNoticeCount}
        · <a href="#" id="unit-print">printable record</a></p>
      <p id="unit-chain" class="${chain.intact ? "ok" : "bad"}">${chain.intact ? "Hash chain intact"
        : "Hash chain BROKEN at seq " + esc(chain.brokenAtSeq) + ": " + esc(chain.reason)}
        (${chain.records} records)</p>
      <table id="unit-record"><thead><tr><th>Seq</th><th>Time</th><th>Step</th><th>Event</th>
        <th>Actor</th><th>Notes</th></tr></thead><tbody>${record.entries.map((e) => `
        <tr><td>${e.seq}</td><td>${esc(formatTime(e.eventTime))}</td>
        <td>${esc(e.stepId)}</td><td>${esc(e.type)}</td><td>${esc(e.actor)}</td>
        <td>${e.violationIds.length ? "<span class=\"bad\">violation</span> " : ""}
        ${e.corrects ? "corrects " + e.corrects + " " : ""}${e.correctedBy.length ? "corrected by "
          + e.correctedBy.join(", ") : ""}</td></tr>`).join("")}</tbody></table>
      <h3>Built from${genealogy.truncated ? " (truncated: " + esc(genealogy.truncatedBy) + ")" : ""}</h3>
      <div id="unit-tree">${tree(genealogy.edges, genealogy.root) || "<p>no components recorded</p>"}</div>
      ${genealogy.withheld ? `<p id="unit-withheld">${genealogy.withheld} link(s) recorded in
        another plant not shown (at ${genealogy.withheldAt.map(esc).join(", ")})</p>` : ""}`;
    $("unit-print").addEventListener("click", (e) => {
      e.preventDefault();
      openWithToken(`/v1/units/${encoded}/record`, "text/html");
    });
  } catch (e) {
    out.innerHTML = `<p class="problem">${esc(e.message)}</p>`;
  }
}

// --- lot lookup: recall scope ----------------------------------------------------
async function showLot(lot) {
  const out = $("lot-result");
  out.innerHTML = "loading…";
  try {
    const encoded = encodeURIComponent(lot);
    const scope = await getJson(`/v1/lots/${encoded}/where-used?limit=100`);
    const c = scope.counts;
    out.innerHTML = `
      <p class="counts" id="lot-counts"><span><b>${scope.total}</b> units</span>
        <span>in work <b>${c.IN_WORK}</b></span><span>on hold <b>${c.ON_HOLD}</b></span>
        <span>completed <b>${c.COMPLETED}</b></span><span>scrapped <b>${c.SCRAPPED}</b></span>
        <a href="#" id="lot-csv">CSV export</a></p>
      <p>Plants: ${Object.entries(scope.plants).map(([p, n]) => esc(p) + " " + n).join(", ")}
        ${scope.truncated ? " · truncated: " + esc(scope.truncatedBy) : ""}
        ${scope.withheldUnits ? ` · ${scope.withheldUnits} unit(s) of other plants not shown` : ""}</p>
      <table><thead><tr><th>Unit</th><th>Level</th><th>State</th><th>Plant</th><th>Product</th></tr></thead>
      <tbody>${scope.units.map((u) => `<tr><td>${esc(u.serial)}</td><td>${u.depth}</td>
        <td>${esc(u.state)}</td><td>${esc(u.plant)}</td><td>${esc(u.product)}</td></tr>`).join("")}
      </tbody></table>${scope.nextOffset ? "<p>first 100 shown; use the CSV for all</p>" : ""}`;
    $("lot-csv").addEventListener("click", (e) => {
      e.preventDefault();
      openWithToken(`/v1/lots/${encoded}/where-used?format=csv`, "text/csv",
        `where-used-${lot.replace(/[^A-Za-z0-9._-]/g, "_")}.csv`);
    });
  } catch (e) {
    out.innerHTML = `<p class="problem">${esc(e.message)}</p>`;
  }
}

function start() {
  showWho();
  $("violations").innerHTML = "";
  if (!token()) {
    if (feed) feed.abort();
    setStatus("no token", false);
    return;
  }
  loadRecent();
  connectFeed();
}

$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const pasted = $("token-input").value.trim().replace(/^Bearer\s+/i, "");
  $("token-input").value = "";
  if (pasted) sessionStorage.setItem(TOKEN_KEY, pasted);
  start();
});
$("token-forget").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  start();
});
$("unit-form").addEventListener("submit", (e) => { e.preventDefault(); showUnit($("unit-serial").value.trim()); });
$("lot-form").addEventListener("submit", (e) => { e.preventDefault(); showLot($("lot-id").value.trim()); });
start();
