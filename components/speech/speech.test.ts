import { afterEach, describe, expect, it, vi } from 'vitest';
import { onDeviceRecognition, voiceFor } from './speech';

const voice = (name: string, lang: string, localService: boolean) => ({ name, lang, localService });

describe('the persona’s voice', () => {
  const voices = [
    voice('Daniel', 'en-GB', true),
    voice('Google UK English Female', 'en-GB', false),
    voice('Amélie', 'fr-CA', true),
    voice('Samantha', 'en-US', true),
    voice('Karen', 'en-AU', true),
  ];

  it('is one of the device’s own English voices, never one that sends the text away', () => {
    for (const persona of ['Aoife Brennan', 'Marcus Reid', 'Nadia Brennan', 'Sam']) {
      const chosen = voiceFor(voices, persona)!;
      expect(chosen.localService).toBe(true);
      expect(chosen.lang.startsWith('en')).toBe(true);
    }
  });

  it('is the same for a persona every time, whatever order the voices come in, and differs between personas', () => {
    expect(voiceFor([...voices].reverse(), 'Aoife Brennan')).toEqual(voiceFor(voices, 'Aoife Brennan'));
    const chosen = new Set(['Aoife Brennan', 'Marcus Reid', 'Nadia Brennan', 'Sam Test', 'Jo', 'Priya Shah'].map((p) => voiceFor(voices, p)!.name));
    expect(chosen.size).toBeGreaterThan(1);
  });

  it('is none on a device with no voice of its own', () => {
    expect(voiceFor([voice('Google UK English Female', 'en-GB', false)], 'Aoife')).toBeNull();
  });
});

describe('answering by voice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is offered only where the browser says recognition stays on the device', async () => {
    vi.stubGlobal('SpeechRecognition', undefined);
    vi.stubGlobal('webkitSpeechRecognition', class {});
    expect(await onDeviceRecognition()).toBeNull();
    const available = vi.fn(async () => 'downloadable');
    vi.stubGlobal('webkitSpeechRecognition', Object.assign(class {}, { available }));
    expect(await onDeviceRecognition()).toBeNull();
    expect(available).toHaveBeenCalledWith({ langs: ['en-GB'], processLocally: true });
    class Local {
      lang = '';
      processLocally = false;
      interimResults = true;
      continuous = true;
      static available = async () => 'available';
    }
    vi.stubGlobal('SpeechRecognition', Local);
    const make = await onDeviceRecognition();
    expect(make!()).toMatchObject({ lang: 'en-GB', processLocally: true, interimResults: false, continuous: false });
  });
});
