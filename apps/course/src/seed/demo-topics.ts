/** Word lists the demo catalog is generated from: categories and their topics. */
export const DEMO_TOPICS: Readonly<Record<string, readonly string[]>> = {
  programming: ['TypeScript', 'Rust', 'Go', 'Python', 'Node.js', 'PostgreSQL', 'Kubernetes', 'React', 'GraphQL', 'Docker'],
  'data-science': [
    'Machine Learning',
    'Statistics',
    'Pandas',
    'Deep Learning',
    'Data Visualization',
    'SQL Analytics',
    'Time Series',
  ],
  design: ['UX Research', 'Figma', 'Typography', 'Color Theory', 'Design Systems', 'Accessible Design'],
  business: ['Product Management', 'Negotiation', 'Startup Finance', 'Leadership', 'Project Management'],
  marketing: ['SEO', 'Content Marketing', 'Email Campaigns', 'Brand Strategy', 'Growth Analytics'],
  languages: ['Spanish', 'Japanese', 'French', 'German', 'Portuguese'],
  music: ['Piano', 'Guitar', 'Music Theory', 'Songwriting', 'Mixing and Mastering'],
  photography: ['Portrait Photography', 'Lightroom', 'Street Photography', 'Studio Lighting'],
};

export const TITLE_TEMPLATES: readonly ((topic: string) => string)[] = [
  (topic) => `Introduction to ${topic}`,
  (topic) => `${topic} from Scratch`,
  (topic) => `Practical ${topic}`,
  (topic) => `${topic} for Beginners`,
  (topic) => `Advanced ${topic}`,
  (topic) => `Mastering ${topic}`,
  (topic) => `${topic}: The Complete Guide`,
  (topic) => `${topic} in 30 Days`,
  (topic) => `Hands-on ${topic} Projects`,
];

export const LEVELS = [
  'No prior experience is needed.',
  'Some familiarity with the basics helps.',
  'Aimed at experienced practitioners.',
];

/** First and last lesson are fixed; the middle ones are drawn from this list in order. */
export const MIDDLE_LESSONS = [
  'Core concepts',
  'Your first project',
  'Common pitfalls',
  'Testing and debugging',
  'Real-world case study',
  'Best practices',
  'Going further',
];

export const PAID_PRICES_CENTS = [999, 1499, 1999, 2499, 2999, 3999, 4900, 7900, 9900];
