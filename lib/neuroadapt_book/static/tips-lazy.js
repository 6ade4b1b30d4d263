// Glossary and cross-reference tips (sphinx-tippy), loaded on first use.
//
// sphinx-tippy puts Popper, Tippy and the page's tip data (every linked term, section and
// figure, as HTML: tens of KiB) in every page and sets them all up at load. Here nothing
// loads until the reader points at or focuses a link in the article; then the three
// scripts load (in order), the tips are set up as sphinx-tippy would, and the tip of the
// link the reader is on opens.
(() => {
  const me = document.currentScript;
  const sources = [me.dataset.popper, me.dataset.tippy, me.dataset.tips];
  const scope = me.dataset.scope || "article.bd-article";
  let loading = null;
  const script = (src) =>
    new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(el);
    });
  const load = () =>
    (loading ??= sources.reduce((done, src) => done.then(() => script(src)), Promise.resolve()).then(() => window.nbTipsInit?.()));
  const wake = (event) => {
    const link = event.target.closest?.("a[href]");
    if (!link || !link.closest(scope)) return;
    load().then(() => {
      if (link._tippy && (link.matches(":hover") || link === document.activeElement)) link._tippy.show();
    });
  };
  document.addEventListener("pointerover", wake, { passive: true });
  document.addEventListener("focusin", wake);
})();
