/**
 * Import of a .bpmn drawn elsewhere (Camunda Modeler or another tool) and export of the diagram
 * as .bpmn, .svg and .png, all in the browser.
 */
import type Modeler from 'bpmn-js/lib/Modeler.js';

export function download(filename: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function exportBpmn(modeler: Modeler, basename: string): Promise<void> {
  const { xml } = await modeler.saveXML({ format: true });
  download(`${basename}.bpmn`, new Blob([xml ?? ''], { type: 'application/xml' }));
}

export async function exportSvg(modeler: Modeler, basename: string): Promise<void> {
  const { svg } = await modeler.saveSVG();
  download(`${basename}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
}

/** Draws the SVG export on a canvas at twice its size over white, so it prints sharply. */
export async function exportPng(modeler: Modeler, basename: string): Promise<void> {
  const { svg } = await modeler.saveSVG();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG export could not be drawn'));
      image.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, image.width * scale);
    canvas.height = Math.max(1, image.height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this browser');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) throw new Error('the PNG could not be encoded');
    download(`${basename}.png`, png);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Lets the user pick files; resolves with them (empty when cancelled). */
export function pickFiles(accept: string, multiple = false): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.addEventListener('change', () => resolve([...(input.files ?? [])]));
    input.addEventListener('cancel', () => resolve([]));
    input.click();
  });
}

/** Lets the user pick a .bpmn file and resolves with its text (null when cancelled). */
export async function pickBpmnFile(): Promise<string | null> {
  const [file] = await pickFiles('.bpmn,.xml,application/xml,text/xml');
  return file ? file.text() : null;
}
