// Run by neuroadapt_book.tools.pdf in the combined document, before printing.
// settings: {pages: {slug: doc}, pageUrls: {doc: file URL of the built page},
//            siteRoot: file URL of the built site, siteUrl: the published site's address}.
// Returns a list of problems (links whose target is missing), which the tool prints.
(settings) => {
  const problems = [];
  const docOfUrl = {};
  for (const [doc, url] of Object.entries(settings.pageUrls)) docOfUrl[url] = doc;
  const slugOf = {};
  for (const [slug, doc] of Object.entries(settings.pages)) slugOf[doc] = slug;
  const prefixToken = (value, p) => value.split(/\s+/).filter(Boolean).map((t) => p + t).join(" ");
  const internal = [];

  for (const sec of document.querySelectorAll("section.pdf-page")) {
    const doc = sec.dataset.doc;
    const base = settings.pageUrls[doc];
    const P = sec.id + "--";

    // Ids unique in the whole book: every id of the page gets the page's prefix, and so
    // does every reference to one (links, labels, the drawings' clip paths and gradients).
    for (const el of sec.querySelectorAll("[id]")) el.id = P + el.id;
    for (const el of sec.querySelectorAll("[for], [aria-labelledby], [aria-describedby], [aria-controls]")) {
      for (const name of ["for", "aria-labelledby", "aria-describedby", "aria-controls"]) {
        if (el.hasAttribute(name)) el.setAttribute(name, prefixToken(el.getAttribute(name), P));
      }
    }
    for (const el of sec.querySelectorAll("svg *")) {
      for (const attr of Array.from(el.attributes)) {
        if (attr.value.includes("url(#")) el.setAttribute(attr.name, attr.value.replaceAll("url(#", "url(#" + P));
        else if ((attr.name === "href" || attr.name === "xlink:href") && attr.value.startsWith("#") && el.tagName !== "a")
          el.setAttribute(attr.name, "#" + P + attr.value.slice(1));
      }
    }
    for (const img of sec.querySelectorAll("img[src]")) img.src = new URL(img.getAttribute("src"), base).href;

    // Links: to a place in the book -> inside the PDF; to anything else of the site -> online.
    for (const a of sec.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      if (href.startsWith("#")) {
        const id = href.length > 1 ? P + decodeURIComponent(href.slice(1)) : sec.id;
        a.setAttribute("href", "#" + id);
        internal.push([a, id]);
        continue;
      }
      let url;
      try { url = new URL(href, base); } catch (e) { continue; }
      if (url.protocol !== "file:") continue;
      const file = url.origin + url.pathname;
      const fileUrl = url.href.split("#")[0].split("?")[0];
      const target = docOfUrl[fileUrl] ?? docOfUrl[file];
      if (target !== undefined) {
        const frag = url.hash ? decodeURIComponent(url.hash.slice(1)) : "";
        const id = frag ? slugOf[target] + "--" + frag : slugOf[target];
        a.setAttribute("href", "#" + id);
        internal.push([a, id]);
      } else if (fileUrl.startsWith(settings.siteRoot)) {
        a.setAttribute("href", settings.siteUrl + fileUrl.slice(settings.siteRoot.length) + url.hash);
        a.removeAttribute("download");
      } else {
        problems.push(`${doc}: a link outside the site: ${href}`);
      }
    }

    // Charts: the drawing made at build time, at the default slider setting; what only
    // a screen needs goes; under the caption, where the interactive figure is.
    for (const chart of sec.querySelectorAll(".nb-vega-chart")) {
      chart.querySelectorAll(".nb-vega, noscript, details.nb-vega-data, .nb-vega-static-narrow").forEach((e) => e.remove());
      const figure = chart.closest("figure");
      const anchor = figure && figure.id ? "#" + figure.id.slice(P.length) : "";
      const online = settings.siteUrl + doc + ".html" + anchor;
      const line = document.createElement("p");
      line.className = "pdf-online";
      line.append("Interactive version online: ");
      const link = document.createElement("a");
      link.href = online;
      link.textContent = online;
      line.append(link);
      const caption = figure && figure.querySelector(":scope > figcaption");
      (caption || chart).append(line);
    }
  }

  // What only a screen needs.
  document.querySelectorAll("a.headerlink, button, .copybtn, .toggle-button").forEach((e) => e.remove());
  document.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""));

  // Solutions: collected at the end of each chapter; each exercise links to its solution,
  // and each solution's title links back to the exercise.
  const chapters = {};
  for (const sec of document.querySelectorAll("section.pdf-page[data-chapter]")) {
    if (!sec.dataset.chapter) continue;
    (chapters[sec.dataset.chapter] ??= []).push(sec);
  }
  for (const [number, secs] of Object.entries(chapters)) {
    const solutions = secs.flatMap((s) => Array.from(s.querySelectorAll(".solution.admonition")));
    if (!solutions.length) continue;
    const last = secs[secs.length - 1];
    const box = document.createElement("section");
    box.className = "pdf-solutions";
    box.id = last.id + "--pdf-solutions";
    const heading = document.createElement("h2");
    heading.textContent = last.dataset.solutions || `Solutions to the exercises of chapter ${number}`;
    box.append(heading);
    for (const solution of solutions) {
      solution.classList.remove("dropdown", "toggle", "toggle-hidden");
      const back = solution.querySelector(".admonition-title a[href^='#']");
      const exercise = back && document.getElementById(back.getAttribute("href").slice(1));
      if (exercise) {
        const note = document.createElement("p");
        note.className = "pdf-solution-link";
        const link = document.createElement("a");
        link.href = "#" + solution.id;
        link.textContent = `Solution: at the end of chapter ${number}`;
        note.append(link);
        exercise.append(note);
      }
      box.append(solution);
    }
    last.append(box);
  }

  for (const [a, id] of internal) {
    if (!document.getElementById(id)) problems.push(`a link to a place not in the PDF: #${id} (${a.textContent.trim().slice(0, 40)})`);
  }
  return problems;
}
