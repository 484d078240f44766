import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, Tags } from 'yaml';

// How kubectl reads YAML: sigs.k8s.io/yaml over go-yaml v2, which resolves
// plain scalars the YAML 1.1 way: `yes`, `no`, `on`, `off`, `y` and `n` are
// booleans, `0777` is octal, `0x1F` hex, `1_000` an integer. go-yaml keeps
// timestamps (`2024-01-02`) and sexagesimal numbers (`1:20`) as strings, and
// Go's integer parser takes `0o17` as octal. The `yaml` package's 1.1 schema,
// adjusted for those three differences.

/** go-yaml resolves neither timestamps nor the base-60 "TIME" formats of int and float. */
const notInGoYaml = (tag: Tags[number]) => typeof tag === 'object' && (tag.tag === 'tag:yaml.org,2002:timestamp' || tag.format === 'TIME');

const octal0o: ScalarTag = {
  identify: value => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (text: string) => {
    const digits = text.replace(/_/g, '');
    const sign = digits.startsWith('-') ? -1 : 1;
    return sign * parseInt(digits.replace(/^[-+]?0o/, ''), 8);
  },
};

/** Options for `yaml`'s Composer and `parseAllDocuments` that read scalars as kubectl does. */
export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  customTags: (tags: Tags) => [
    octal0o,
    ...tags.filter(t => !notInGoYaml(t)),
  ],
};
