// Adjectives that name one end of a measured quantity ("cheapest" → the lowest price, "longest" →
// the greatest length). General English that WordNet does not link: its attribute relation joins
// "expensive" to "expensiveness", never to "price". Pure data.

/** How a scale adjective's link explains itself; the analysis keeps such links only as "-est"/"-er" or after most/least. */
export const SCALE_VIA = 'scale:';

export interface ScaleAdjective {
  word: string;
  end: 'high' | 'low';
}

const scale = (high: string[], low: string[]): ScaleAdjective[] => [...high.map((word) => ({ word, end: 'high' as const })), ...low.map((word) => ({ word, end: 'low' as const }))];

const PRICE = scale(['expensive', 'costly', 'pricey', 'dear'], ['cheap', 'inexpensive']);
const LENGTH = scale(['long'], ['short']);
const TEMPERATURE = scale(['hot', 'warm'], ['cold', 'cool', 'chilly']);
const SIZE = scale(['big', 'large', 'huge'], ['small', 'tiny']);
// How much goes on: travellers, visits, events counted.
const BUSY = scale(['busy'], ['quiet']);
const DEADLY = scale(['deadly', 'lethal'], []);
// Not "strong"/"weak": winds, signals and teams are strong too.
const POWER = scale(['powerful'], []);
const MONEY = scale(['rich', 'wealthy', 'affluent'], ['poor']);
// Latitude grows northward and longitude eastward, on every map.
const LATITUDE = scale(['northernmost', 'northern', 'north'], ['southernmost', 'southern', 'south']);
const LONGITUDE = scale(['easternmost', 'eastern', 'east'], ['westernmost', 'western', 'west']);

/** The age of a thing on the year it began: the oldest began first, so it is the low end. */
export const START_AGE: readonly ScaleAdjective[] = scale(['new', 'young', 'recent'], ['old']);

/** Verbs that ask for a quantity ("how much do penguins weigh", "what did it cost"). */
export const QUANTITY_VERBS: Readonly<Record<string, readonly string[]>> = {
  weight: ['weigh', 'weighs', 'weighed', 'weighing'],
  mass: ['weigh', 'weighs', 'weighed', 'weighing'],
  price: ['cost', 'costs'],
  cost: ['cost', 'costs'],
  wage: ['earn', 'earns', 'earned'],
  wages: ['earn', 'earns', 'earned'],
  salary: ['earn', 'earns', 'earned'],
  income: ['earn', 'earns', 'earned'],
  earnings: ['earn', 'earns', 'earned'],
  pay: ['earn', 'earns', 'earned'],
};

/** Nouns a column may be named by, with the adjectives of their scale. */
export const SCALE_ADJECTIVES: Readonly<Record<string, readonly ScaleAdjective[]>> = {
  price: PRICE,
  prices: PRICE,
  cost: PRICE,
  fare: PRICE,
  fee: PRICE,
  length: LENGTH,
  duration: LENGTH,
  len: LENGTH,
  distance: scale(['far', 'distant', 'long'], ['near', 'close', 'short']),
  temperature: TEMPERATURE,
  temp: TEMPERATURE,
  age: scale(['old'], ['young']),
  height: scale(['tall'], ['short']),
  size: SIZE,
  area: SIZE,
  volume: SIZE,
  speed: scale(['fast', 'quick'], ['slow']),
  wind: scale(['strong', 'windy'], ['calm', 'weak']),
  weight: scale(['heavy'], ['light']),
  mass: scale(['heavy'], ['light']),
  deaths: DEADLY,
  fatalities: DEADLY,
  casualties: DEADLY,
  killed: DEADLY,
  power: POWER,
  horsepower: POWER,
  income: MONEY,
  wealth: MONEY,
  salary: MONEY,
  wage: MONEY,
  wages: MONEY,
  depth: scale(['deep'], ['shallow']),
  width: scale(['wide', 'broad'], ['narrow']),
  range: scale(['wide'], ['narrow']),
  rainfall: scale(['wet', 'rainy'], ['dry']),
  population: scale(['populous'], []),
  passengers: BUSY,
  traffic: BUSY,
  visitors: BUSY,
  visits: BUSY,
  customers: BUSY,
  trips: BUSY,
  flights: BUSY,
  calls: BUSY,
  orders: BUSY,
  requests: BUSY,
  activity: scale(['busy', 'active'], ['quiet', 'inactive']),
  latitude: LATITUDE,
  lat: LATITUDE,
  longitude: LONGITUDE,
  lon: LONGITUDE,
  lng: LONGITUDE,
};
