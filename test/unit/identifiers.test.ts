import {
  USCC_ALPHABET,
  citizenIdCheckChar,
  classifyLegacyId,
  divisionFromUscc,
  individualTin,
  isPlaceholderOrgCode,
  isPlaceholderTin,
  isValidCitizenId,
  isValidOrgCode,
  isValidRegistrationNo,
  isValidUscc,
  makeCitizenId,
  makeOrgCode,
  makeRegistrationNo,
  makeUscc,
  makeUsccSafeOrgCode,
  maskPersonalId,
  normalizeOrgCode,
  oldTin,
  orgCodeCheckChar,
  orgCodeFromUscc,
  orgCodeInTin,
  PLACEHOLDER_ORG_CODE,
  registrationNoCheckDigit,
  toHalfWidth,
  usccCheckChar,
  usccWeightedSum,
  validateUscc,
} from '../../shared/identifiers';

/** Full-width form of an ASCII string, as a Chinese IME would type it. */
const fullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** 2,000 distinct values spread over 0..max, both ends included, so the whole range is exercised. */
const spread = (max: number): number[] => Array.from({ length: 2000 }, (_, i) => Math.floor((i * max) / 1999));

describe('USCC (GB 32100-2015)', () => {
  it('uses the 31-symbol alphabet without I O Z S V', () => {
    expect(USCC_ALPHABET).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(USCC_ALPHABET).not.toContain(ch);
  });

  it('weights position i by 3^(i-1) mod 31', () => {
    for (let i = 0; i < 17; i++) {
      const unit = '0'.repeat(i) + '1' + '0'.repeat(16 - i);
      expect(usccWeightedSum(unit)).toBe(Number(3n ** BigInt(i) % 31n));
    }
  });

  it("accepts the standard's example with weighted sum 1640", () => {
    expect(usccWeightedSum('91350100M000100Y4')).toBe(1640);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(validateUscc('91350100M000100Y43')).toEqual({ valid: true });
  });

  it('accepts 91110000600037341L', () => {
    expect(usccCheckChar('91110000600037341')).toBe('L');
    expect(isValidUscc('91110000600037341L')).toBe(true);
  });

  it('rejects 91350100M000100Y4Z and names the expected check character', () => {
    const result = validateUscc('91350100M000100Y4Z');
    expect(result.valid).toBe(false);
    expect(result.reason).toContain("character 'Z' at position 18 is not in the USCC alphabet");
    expect(result.reason).toContain("check character should be '3'");
    expect(isValidUscc('91350100M000100Y4Z')).toBe(false);
  });

  it('reports a wrong but in-alphabet check character', () => {
    // Inside the Fujian pilot range (a Fujian division, a subject code beginning with M) it is also taken for a pilot code (issue 13).
    expect(validateUscc('91350100M000100Y4Y')).toEqual({
      valid: false,
      pilot: true,
      reason: "check character should be '3', got 'Y'",
    });
  });

  it('fails the Fujian pilot code 91350100M0001TGQXM on the check, and tells it is in the pilot range (issue 13)', () => {
    const result = validateUscc('91350100M0001TGQXM');
    expect(result.valid).toBe(false);
    expect(result.reason).toBe("check character should be '1', got 'M'");
    expect(result.pilot).toBe(true);
  });

  it('reports wrong length, foreign characters and a non-numeric division', () => {
    expect(validateUscc('91350100M000100Y4')).toEqual({ valid: false, reason: 'expected 18 characters, got 17' });
    expect(validateUscc('91350100I000100Y43').reason).toBe("character 'I' at position 9 is not in the USCC alphabet");
    expect(validateUscc('91350100m000100Y43').reason).toBe("character 'm' at position 9 is not in the USCC alphabet");
    const body = '913A0100M000100Y4';
    const code = body + usccCheckChar(body);
    expect(validateUscc(code)).toEqual({
      valid: false,
      reason: "division code (positions 3-8) must be 6 digits, got '3A0100'",
    });
  });

  it('detects every single-character substitution', () => {
    for (const code of ['91350100M000100Y43', '91110000600037341L']) {
      for (let i = 0; i < 18; i++) {
        for (const ch of USCC_ALPHABET) {
          if (ch === code[i]) continue;
          expect(isValidUscc(code.slice(0, i) + ch + code.slice(i + 1))).toBe(false);
        }
      }
    }
  });

  it('throws on characters outside the alphabet when computing a check character', () => {
    expect(() => usccCheckChar('91350100O000100Y4')).toThrow(/position 9/);
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(/17/);
  });

  it('extracts the org code and the division', () => {
    expect(orgCodeFromUscc('91350100M000100Y43')).toBe('M000100Y4');
    expect(divisionFromUscc('91350100M000100Y43')).toBe('350100');
    expect(orgCodeFromUscc('91110000600037341L')).toBe('600037341');
    expect(() => orgCodeFromUscc('91350100M000100Y4')).toThrow();
  });
});

describe('organization code (GB 11714)', () => {
  it.each(['D2143569X', '600037341', 'MA4L41YT1'])('accepts %s', (code) => {
    expect(isValidOrgCode(code)).toBe(true);
    expect(orgCodeCheckChar(code.slice(0, 8))).toBe(code[8]);
  });

  it('uses the full alphabet for values (I, O, S, V, Z are allowed)', () => {
    const body = 'IOSVZ123';
    expect(isValidOrgCode(body + orgCodeCheckChar(body))).toBe(true);
  });

  it("maps 10 to 'X' and 11 to '0'", () => {
    expect(orgCodeCheckChar('D2143569')).toBe('X'); // sum 199, 199 mod 11 = 1
    expect(orgCodeCheckChar('00000000')).toBe('0'); // sum 0 -> 11
  });

  it('rejects a wrong check character, wrong lengths and bad characters', () => {
    expect(isValidOrgCode('D21435691')).toBe(false);
    expect(isValidOrgCode('D2143569')).toBe(false);
    expect(isValidOrgCode('D2143569XX')).toBe(false);
    expect(isValidOrgCode('D2143_69X')).toBe(false);
    expect(() => orgCodeCheckChar('D2143_69')).toThrow();
  });

  it('accepts the printed hyphen form and other sloppy input through normalizeOrgCode', () => {
    expect(normalizeOrgCode('D2143569-X')).toBe('D2143569X');
    expect(normalizeOrgCode(' d2143569-x\t')).toBe('D2143569X');
    expect(normalizeOrgCode('\u3000Ｄ２１４３５６９－Ｘ\u3000')).toBe('D2143569X');
    expect(normalizeOrgCode('D214-3569X')).toBe('D214-3569X');
    expect(isValidOrgCode('D2143569-X')).toBe(true);
    expect(isValidOrgCode('ｍａ４ｌ４１ｙｔ－１')).toBe(true);
  });
});

describe('toHalfWidth', () => {
  it('converts full-width ASCII and the ideographic space, leaving the rest alone', () => {
    expect(toHalfWidth('９１３５ＡＢｃ！～\u3000x')).toBe('9135ABc!~ x');
    expect(toHalfWidth('纳税人 abc')).toBe('纳税人 abc');
  });
});

describe('citizen ID (GB 11643)', () => {
  it('accepts 11010519491231002X', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidCitizenId('110105194912310021')).toBe(false);
    expect(isValidCitizenId('11010519491231002x')).toBe(false);
  });

  it('rejects a birth date that does not exist even with a matching check character', () => {
    const body = '11010519490230002';
    expect(isValidCitizenId(body + citizenIdCheckChar(body))).toBe(false);
    const leap = '11010520000229002';
    expect(isValidCitizenId(leap + citizenIdCheckChar(leap))).toBe(true);
    const notLeap = '11010519000229002';
    expect(isValidCitizenId(notLeap + citizenIdCheckChar(notLeap))).toBe(false);
  });

  it('rejects wrong lengths and letters in the body', () => {
    expect(isValidCitizenId('11010519491231002')).toBe(false);
    expect(isValidCitizenId('1101051949123100AX')).toBe(false);
    expect(() => citizenIdCheckChar('1101051949123100A')).toThrow();
  });
});

describe('business registration number (ISO 7064 MOD 11,10)', () => {
  it('accepts 110108000000016 and rejects 110108000000017', () => {
    expect(registrationNoCheckDigit('11010800000001')).toBe('6');
    expect(isValidRegistrationNo('110108000000016')).toBe(true);
    expect(isValidRegistrationNo('110108000000017')).toBe(false);
  });

  it('rejects non-digits and wrong lengths', () => {
    expect(isValidRegistrationNo('11010800000001')).toBe(false);
    expect(isValidRegistrationNo('11010800000001X')).toBe(false);
    expect(() => registrationNoCheckDigit('1101080000000')).toThrow();
  });
});

describe('old TINs', () => {
  it('builds an organization TIN from a division and an org code', () => {
    expect(oldTin('510104', 'D2143569-X')).toBe('510104D2143569X');
    expect(() => oldTin('51010', 'D2143569X')).toThrow();
    expect(() => oldTin('510104', 'D2143569')).toThrow();
  });

  it('builds an individual TIN from a citizen ID and a business index', () => {
    expect(individualTin('11010519491231002X')).toBe('11010519491231002X00');
    expect(individualTin('11010519491231002X', 1)).toBe('11010519491231002X01');
    expect(individualTin('11010519491231002X', 2)).toBe('11010519491231002X02');
    expect(() => individualTin('11010519491231002X', 100)).toThrow();
    expect(() => individualTin('1101051949123100', 0)).toThrow();
  });
});

describe('classifyLegacyId', () => {
  it('recognises a USCC, also full-width and padded', () => {
    const expected = { kind: 'uscc', orgCode: 'M000100Y4' };
    expect(classifyLegacyId('91350100M000100Y43')).toEqual(expected);
    expect(classifyLegacyId('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual(expected);
    expect(classifyLegacyId('  91350100m000100y43   ')).toEqual(expected);
    expect(classifyLegacyId(fullWidth('91110000600037341L') + '\u3000\u3000')).toEqual({
      kind: 'uscc',
      orgCode: '600037341',
    });
  });

  it('returns unknown for 18 characters that are not a valid USCC (pilot codes, bare citizen IDs)', () => {
    expect(classifyLegacyId('91350100M000100Y4Z')).toEqual({ kind: 'unknown' });
    expect(classifyLegacyId('91350100M0001TGQXM')).toEqual({ kind: 'unknown' });
    expect(classifyLegacyId('11010519491231002X')).toEqual({ kind: 'unknown' });
  });

  it('recognises an old organization TIN and returns its org code', () => {
    expect(classifyLegacyId('510104D2143569X')).toEqual({ kind: 'old-tin', orgCode: 'D2143569X' });
    expect(classifyLegacyId(' ５１０１０４ｍａ４ｌ４１ｙｔ１ ')).toEqual({ kind: 'old-tin', orgCode: 'MA4L41YT1' });
  });

  it('recognises a registration number', () => {
    expect(classifyLegacyId('110108000000016')).toEqual({ kind: 'registration-no' });
    expect(classifyLegacyId('110108000000016 ')).toEqual({ kind: 'registration-no' });
    expect(classifyLegacyId('110108000000017')).toEqual({ kind: 'unknown' });
  });

  it('prefers old-tin over registration-no when a 15-digit string passes both checks', () => {
    let both: string | undefined;
    for (let i = 0; both === undefined; i++) {
      const no = makeRegistrationNo('110108', i);
      if (isValidOrgCode(no.slice(6))) both = no;
    }
    expect(isValidRegistrationNo(both)).toBe(true);
    expect(classifyLegacyId(both)).toEqual({ kind: 'old-tin', orgCode: both.slice(6) });
  });

  it('recognises an individual TIN and returns the citizen ID', () => {
    expect(classifyLegacyId('11010519491231002X00')).toEqual({
      kind: 'individual-tin',
      citizenId: '11010519491231002X',
    });
    expect(classifyLegacyId(' 11010519491231002x01')).toEqual({
      kind: 'individual-tin',
      citizenId: '11010519491231002X',
    });
    expect(classifyLegacyId('11010519491231002100')).toEqual({ kind: 'unknown' });
    expect(classifyLegacyId('11010519491231002X0A')).toEqual({ kind: 'unknown' });
  });

  it('recognises a bare org code, with or without the hyphen', () => {
    expect(classifyLegacyId('D2143569X')).toEqual({ kind: 'org-code', orgCode: 'D2143569X' });
    expect(classifyLegacyId('d2143569-x ')).toEqual({ kind: 'org-code', orgCode: 'D2143569X' });
    expect(classifyLegacyId('Ｄ２１４３５６９－Ｘ')).toEqual({ kind: 'org-code', orgCode: 'D2143569X' });
    expect(classifyLegacyId('D21435691')).toEqual({ kind: 'unknown' });
  });

  it('treats 8 alphanumeric characters as an internal key', () => {
    expect(classifyLegacyId('A1B2C3D4')).toEqual({ kind: 'internal' });
    expect(classifyLegacyId(' ａ１ｂ２ｃ３ｄ４ ')).toEqual({ kind: 'internal' });
    expect(classifyLegacyId('A1B2-3D4')).toEqual({ kind: 'unknown' });
  });

  it('returns unknown for anything else', () => {
    for (const id of ['', '   ', '123', '纳税人识别号', '91350100M000100Y431']) {
      expect(classifyLegacyId(id)).toEqual({ kind: 'unknown' });
    }
  });
});

describe('placeholder organization codes and TINs', () => {
  it('judges the 8-character body, whatever the check character', () => {
    // '000000000' passes GB 11714, so only this rule keeps it from standing for an organization.
    expect(isValidOrgCode('000000000')).toBe(true);
    expect(isPlaceholderOrgCode('000000000')).toBe(true);
    // The edge: a body of one repeated character with another check character is a placeholder too.
    // The seed's bank counters type payer TINs '<division>00000000<digit>' for payments no tax office
    // knows (ORPHAN_PAYMENT), and the verifier expects none of them to stand for a taxpayer.
    for (let digit = 0; digit <= 9; digit++) expect(isPlaceholderOrgCode(`00000000${digit}`)).toBe(true);
    expect(isPlaceholderOrgCode('11111111X')).toBe(true);
    // Seven repeated characters are not a placeholder body: '00000001' + check is a real (if odd) code.
    const sevenZeros = '00000001' + orgCodeCheckChar('00000001');
    expect(isValidOrgCode(sevenZeros)).toBe(true);
    expect(isPlaceholderOrgCode(sevenZeros)).toBe(false);
    expect(isPlaceholderOrgCode('10000000' + orgCodeCheckChar('10000000'))).toBe(false);
    expect(isPlaceholderOrgCode('D2143569X')).toBe(false);
    expect(isPlaceholderOrgCode(null)).toBe(false);
    expect(isPlaceholderOrgCode('')).toBe(false);
  });

  it('finds a placeholder TIN by its whole value or by the organization code inside', () => {
    // The generator's garbage registrations (local and national) and orphan payment payers.
    expect(isPlaceholderTin('000000000000000')).toBe(true);
    expect(isPlaceholderTin('111111111111111')).toBe(true);
    expect(isPlaceholderTin('510104000000003')).toBe(true);
    expect(isPlaceholderTin(makeUscc('9', '1', '110101', '000000000'))).toBe(true);
    expect(isPlaceholderTin(oldTin('510104', 'D2143569X'))).toBe(false);
    expect(isPlaceholderTin('91350100M000100Y43')).toBe(false);
    expect(isPlaceholderTin(individualTin('11010519491231002X'))).toBe(false);
    expect(orgCodeInTin('510104D2143569X')).toBe('D2143569X');
    expect(orgCodeInTin('91350100M000100Y43')).toBe('M000100Y4');
    expect(orgCodeInTin('11010519491231002X00')).toBeNull();
  });

  it('is a pattern PostgreSQL reads the same way, so the repositories apply it in SQL', () => {
    // POSIX advanced regular expressions know back references; JavaScript escapes nothing else here.
    expect(PLACEHOLDER_ORG_CODE.source).toBe('^(.)\\1{7}');
    expect(PLACEHOLDER_ORG_CODE.flags).toBe('');
  });
});

describe('maskPersonalId', () => {
  it('keeps the first and last four characters', () => {
    expect(maskPersonalId('510104198001011236')).toBe('5101**********1236');
    expect(maskPersonalId('11010519491231002X00')).toBe('1101************2X00');
    expect(maskPersonalId('123456789')).toBe('1234*6789');
  });

  it('hides short strings entirely', () => {
    expect(maskPersonalId('12345678')).toBe('********');
    expect(maskPersonalId('123')).toBe('***');
    expect(maskPersonalId('')).toBe('');
  });
});

describe('generators', () => {
  /** Asserts every output is valid and no two inputs gave the same output. */
  const expectValidAndDistinct = (outputs: string[], isValid: (s: string) => boolean): void => {
    expect(outputs.filter((out) => !isValid(out))).toEqual([]);
    expect(new Set(outputs).size).toBe(outputs.length);
  };

  it('makeOrgCode gives distinct valid codes over 0..36^8-1', () => {
    const codes = spread(36 ** 8 - 1).map(makeOrgCode);
    expectValidAndDistinct(codes, isValidOrgCode);
    expect(codes[0]).toBe('000000000');
    expect(makeOrgCode(36 ** 8 - 1).slice(0, 8)).toBe('ZZZZZZZZ');
    expect(() => makeOrgCode(36 ** 8)).toThrow();
    expect(() => makeOrgCode(-1)).toThrow();
    expect(() => makeOrgCode(1.5)).toThrow();
  });

  it('makeOrgCode also gives distinct valid codes for consecutive n', () => {
    expectValidAndDistinct(
      Array.from({ length: 2000 }, (_, n) => makeOrgCode(n)),
      isValidOrgCode,
    );
  });

  it('makeUsccSafeOrgCode gives distinct valid codes made only of USCC characters', () => {
    const codes = spread(31 ** 8 - 1).map(makeUsccSafeOrgCode);
    expectValidAndDistinct(codes, isValidOrgCode);
    expect(codes.filter((code) => [...code].some((ch) => !USCC_ALPHABET.includes(ch)))).toEqual([]);
    expect(() => makeUsccSafeOrgCode(31 ** 8)).toThrow();
  });

  it('makeUscc gives distinct valid USCCs that keep their parts', () => {
    const ns = spread(31 ** 8 - 1);
    const usccs = ns.map((n, i) =>
      makeUscc(['9', '1', '5', 'Y'][i % 4], ['1', '2', '3'][i % 3], ['510104', '450500', '210224'][i % 3], makeUsccSafeOrgCode(n)),
    );
    expectValidAndDistinct(usccs, isValidUscc);
    usccs.forEach((uscc, i) => {
      expect(orgCodeFromUscc(uscc)).toBe(makeUsccSafeOrgCode(ns[i]));
      expect(classifyLegacyId(uscc)).toEqual({ kind: 'uscc', orgCode: makeUsccSafeOrgCode(ns[i]) });
    });
    expect(makeUscc('9', '1', '350100', 'M000100Y4')).toBe('91350100M000100Y43');
    expect(makeUscc('9', '1', '110000', '60003734-1')).toBe('91110000600037341L');
  });

  it('makeUscc refuses parts a USCC cannot contain', () => {
    const withI = makeOrgCode(18); // body 0000000I
    expect(isValidOrgCode(withI)).toBe(true);
    expect(() => makeUscc('9', '1', '510104', withI)).toThrow(/USCC alphabet/);
    expect(() => makeUscc('9', '1', '510104', 'D21435691')).toThrow(/GB 11714/);
    expect(() => makeUscc('I', '1', '510104', 'D2143569X')).toThrow();
    expect(() => makeUscc('9', '12', '510104', 'D2143569X')).toThrow();
    expect(() => makeUscc('9', '1', '51010', 'D2143569X')).toThrow();
  });

  it('makeCitizenId gives distinct valid IDs, leap days included', () => {
    const start = Date.UTC(1950, 0, 1);
    const ids = Array.from({ length: 2000 }, (_, n) => {
      const birthDate = new Date(start + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      return makeCitizenId(['510104', '451100', '210224'][n % 3], birthDate, (n * 7) % 1000);
    });
    expectValidAndDistinct(ids, isValidCitizenId);
    expect(ids.some((id) => id.slice(10, 14) === '0229')).toBe(true);
    expect(makeCitizenId('110105', '19491231', 2)).toBe('11010519491231002X');
    expect(() => makeCitizenId('110105', '19490230', 2)).toThrow();
    expect(() => makeCitizenId('110105', '19491231', 1000)).toThrow();
  });

  it('makeRegistrationNo gives distinct valid numbers', () => {
    const nos = Array.from({ length: 2000 }, (_, n) => makeRegistrationNo('110108', n * 49_999));
    expectValidAndDistinct(nos, isValidRegistrationNo);
    expect(makeRegistrationNo('110108', 1)).toBe('110108000000016');
    expect(() => makeRegistrationNo('110108', 100_000_000)).toThrow();
    expect(() => makeRegistrationNo('11010', 1)).toThrow();
  });
});
