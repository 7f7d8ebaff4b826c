// The place box (places/widgets/place.html): htmx fills the list under the text box with the
// gazetteer's suggestions as one types; this shows it, and picks one by click or keyboard
// (arrows, Enter, Escape). A pick fills the box and records the place with the text it was
// picked for; typing something else afterwards makes the server read the text anew.
// Delegated from the document, so boxes that htmx swaps in work too.
"use strict";

(function () {
  const BOX = ".place-box";

  function partsOf(box) {
    return {
      input: box.querySelector("input[role=combobox]"),
      list: box.querySelector("[role=listbox]"),
    };
  }

  function optionsOf(box) {
    return Array.from(partsOf(box).list.querySelectorAll("[role=option][data-place]"));
  }

  function setOpen(box, open) {
    const { input, list } = partsOf(box);
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) {
      input.removeAttribute("aria-activedescendant");
      optionsOf(box).forEach((option) => option.setAttribute("aria-selected", "false"));
    }
  }

  function active(box) {
    return optionsOf(box).find((option) => option.getAttribute("aria-selected") === "true");
  }

  function move(box, step) {
    const options = optionsOf(box);
    if (!options.length) return;
    setOpen(box, true);
    const current = options.indexOf(active(box));
    const index = current < 0 ? (step > 0 ? 0 : options.length - 1) : current + step;
    const next = options[(index + options.length) % options.length];
    options.forEach((option) => option.setAttribute("aria-selected", String(option === next)));
    partsOf(box).input.setAttribute("aria-activedescendant", next.id);
    next.scrollIntoView({ block: "nearest" });
  }

  function pick(box, option) {
    const { input } = partsOf(box);
    input.value = option.dataset.label;
    // The pick replaces any question asked before (its radio buttons) and any earlier pick.
    box.querySelectorAll(`[name="${input.name}_pick"]`).forEach((element) => element.remove());
    const choices = box.querySelector(".place-choices");
    if (choices) choices.remove();
    const picked = document.createElement("input");
    picked.type = "hidden";
    picked.name = `${input.name}_pick`;
    picked.value = option.dataset.place;
    box.appendChild(picked);
    box.querySelector(`[name="${input.name}_for"]`).value = option.dataset.label;
    setOpen(box, false);
    input.focus();
  }

  document.addEventListener("htmx:afterSwap", (event) => {
    const list = event.detail.target;
    const box = list && list.closest && list.closest(BOX);
    if (!box || list !== partsOf(box).list) return;
    setOpen(box, list.children.length > 0 && document.activeElement === partsOf(box).input);
  });

  // mousedown, not click: the box keeps its focus, so the list is not closed before the pick.
  document.addEventListener("mousedown", (event) => {
    const option = event.target.closest(`${BOX} [role=option][data-place]`);
    if (!option) return;
    event.preventDefault();
    pick(option.closest(BOX), option);
  });

  document.addEventListener("keydown", (event) => {
    if (!event.target.matches(`${BOX} input[role=combobox]`)) return;
    const box = event.target.closest(BOX);
    const open = !partsOf(box).list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(box, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && open && active(box)) {
      event.preventDefault(); // picks the place; the next Enter sends the form
      pick(box, active(box));
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(box, false);
    }
  });

  document.addEventListener("focusout", (event) => {
    const box = event.target.closest && event.target.closest(BOX);
    if (box && !box.contains(event.relatedTarget)) setOpen(box, false);
  });
})();
