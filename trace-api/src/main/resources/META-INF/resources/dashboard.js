// Quality dashboard: plain JS against trace-api. Live violations over SSE; unit and lot lookups.
"use strict";

const $ = (id) => document.getElementById(id);
const esc = (text) => String(text ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const MAX_ROWS = 200;

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.title ? `${body.title}: ${body.detail}` : `HTTP ${response.status}`);
  }
  return body;
}

// --- live violations -------------------------------------------------------
function addViolation(v, fresh) {
  const row = document.createElement("tr");
  row.dataset.violationId = v.violationId;
  row.dataset.serial = v.serial;
  if (fresh) row.className = "new";
  row.innerHTML = `<td>${esc(new Date(v.detectedAt).toLocaleTimeString())}</td><td>${esc(v.plant)}</td>
    <td>${esc(v.station)}</td><td><a href="#" class="unit-link">${esc(v.serial)}</a></td>
    <td>${esc(v.code)}</td><td class="${esc(v.severity)}">${esc(v.severity)}</td><td>${esc(v.detail)}</td>`;
  row.querySelector(".unit-link").addEventListener("click", (e) => {
    e.preventDefault();
    showUnit(v.serial);
  });
  const body = $("violations");
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

function connectFeed() {
  const status = $("feed-status");
  const source = new EventSource("/v1/violations/stream");
  source.addEventListener("ready", (e) => {
    status.textContent = e.data === "LIVE" ? "live" : `feed ${e.data.toLowerCase()}`;
    status.className = "status " + (e.data === "LIVE" ? "on" : "off");
  });
  source.addEventListener("violation", (e) => addViolation(JSON.parse(e.data), true));
  source.onerror = () => { status.textContent = "reconnecting…"; status.className = "status off"; };
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
        · <a href="/v1/units/${encoded}/record" target="_blank">printable record</a></p>
      <p id="unit-chain" class="${chain.intact ? "ok" : "bad"}">${chain.intact ? "Hash chain intact"
        : "Hash chain BROKEN at seq " + esc(chain.brokenAtSeq) + ": " + esc(chain.reason)}
        (${chain.records} records)</p>
      <table id="unit-record"><thead><tr><th>Seq</th><th>Time</th><th>Step</th><th>Event</th>
        <th>Actor</th><th>Notes</th></tr></thead><tbody>${record.entries.map((e) => `
        <tr><td>${e.seq}</td><td>${esc(new Date(e.eventTime).toLocaleString())}</td>
        <td>${esc(e.stepId)}</td><td>${esc(e.type)}</td><td>${esc(e.actor)}</td>
        <td>${e.violationIds.length ? "<span class=\"bad\">violation</span> " : ""}
        ${e.corrects ? "corrects " + e.corrects + " " : ""}${e.correctedBy.length ? "corrected by "
          + e.correctedBy.join(", ") : ""}</td></tr>`).join("")}</tbody></table>
      <h3>Built from${genealogy.truncated ? " (truncated: " + esc(genealogy.truncatedBy) + ")" : ""}</h3>
      <div id="unit-tree">${tree(genealogy.edges, genealogy.root) || "<p>no components recorded</p>"}</div>`;
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
        <a href="/v1/lots/${encoded}/where-used?format=csv">CSV export</a></p>
      <p>Plants: ${Object.entries(scope.plants).map(([p, n]) => esc(p) + " " + n).join(", ")}
        ${scope.truncated ? " · truncated: " + esc(scope.truncatedBy) : ""}</p>
      <table><thead><tr><th>Unit</th><th>Level</th><th>State</th><th>Plant</th><th>Product</th></tr></thead>
      <tbody>${scope.units.map((u) => `<tr><td>${esc(u.serial)}</td><td>${u.depth}</td>
        <td>${esc(u.state)}</td><td>${esc(u.plant)}</td><td>${esc(u.product)}</td></tr>`).join("")}
      </tbody></table>${scope.nextOffset ? "<p>first 100 shown; use the CSV for all</p>" : ""}`;
  } catch (e) {
    out.innerHTML = `<p class="problem">${esc(e.message)}</p>`;
  }
}

$("unit-form").addEventListener("submit", (e) => { e.preventDefault(); showUnit($("unit-serial").value.trim()); });
$("lot-form").addEventListener("submit", (e) => { e.preventDefault(); showLot($("lot-id").value.trim()); });
loadRecent();
connectFeed();
